import * as tf from '@tensorflow/tfjs';

/**
 * 可复现的伪随机数（只用来造输入，不是被讲解的算法）：minstd 线性同余生成器，
 * 每 4 个 U(0,1) 之和减去均值、乘 √3，得到均值 0、方差 1 的近似正态数。与 int8 那一页用的生成器相同。
 */
function pseudoNormal(n: number, seed: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < 4; j++) {
      s = (s * 48271) % 2147483647;
      sum += s / 2147483647;
    }
    out.push((sum - 2) * Math.sqrt(3)); // 4 个 U(0,1) 之和的方差是 1/3
  }
  return out;
}

/**
 * 每个位置的负对数似然（nats）：ℓ_t = −log softmax(z_t)[y_t] = logsumexp(z_t) − z_t[y_t]
 * logits: [T, V]（第 t 行是预测第 t 个目标 token 的打分），targets: [T] → [T]。
 * 与 F.cross_entropy(logits, targets, reduction='none') 相同。
 */
export function tokenNll(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits, -1); // [T, V]
    const oneHot = tf.oneHot(tf.cast(targets, 'int32'), logits.shape[1]); // [T, V]
    return tf.neg(tf.sum(tf.mul(logProbs, oneHot), -1)) as tf.Tensor1D;
  });
}

/**
 * 困惑度 PPL = exp((1/T) Σ ℓ_t)：平均交叉熵（nats/token）取指数。
 * 以 2 为底：bits/token = 平均 ℓ / ln 2，PPL = 2^(bits/token)，两种写法是同一个数。
 */
export async function perplexity(logits: tf.Tensor2D, targets: tf.Tensor1D) {
  const nll = tokenNll(logits, targets);
  const total = tf.sum(nll);
  const totalNats = await total.array();
  tf.dispose([nll, total]);
  const tokens = targets.shape[0];
  const meanNats = (totalNats as number) / tokens;
  return {
    tokens,
    totalNats: totalNats as number,
    meanNats,
    bitsPerToken: meanNats / Math.LN2,
    ppl: Math.exp(meanNats),
  };
}

/**
 * 每字节比特数（bits per byte，BPB）：整段文本的总负对数似然换成比特，再除以文本的 UTF-8 字节数。
 * 分母只取决于文本，与分词器无关，所以不同分词器的模型可以比。
 */
export function bitsPerByte(totalNats: number, text: string): number {
  return totalNats / Math.LN2 / new TextEncoder().encode(text).length;
}

/**
 * pass@k 的无偏估计（Chen et al. 2021, arXiv 2107.03374, 式 (1)）：每题采样 n 个、其中 c 个通过测试，
 *   pass@k = 1 − C(n − c, k) / C(n, k)
 * 直接算组合数会溢出，按论文的写法改成连乘：C(n−c, k)/C(n, k) = Π_{i = n−c+1}^{n} (1 − k / i)。
 * 要求 0 ≤ c ≤ n、1 ≤ k ≤ n：从 n 个样本里取不出 k > n 个。
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!(k >= 1 && k <= n && c >= 0 && c <= n)) {
    throw new RangeError(`pass@k 要求 0 ≤ c ≤ n、1 ≤ k ≤ n，得到 n = ${n}，c = ${c}，k = ${k}`);
  }
  if (n - c < k) return 1; // 失败的样本不足 k 个：任取 k 个必含通过的样本
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/** 朴素估计 1 − (1 − c/n)^k：把 c/n 当成真实通过率再代入，是有偏的（论文第 2.1 节）。 */
export function passAtKNaive(n: number, c: number, k: number): number {
  return 1 - (1 - c / n) ** k;
}

export async function main() {
  // 同一段文本的两种分词（示意）：逐字 15 个 token，逐词 10 个 token
  const text = '今天天气很好，我们去公园散步。';
  const chars = [...text];
  const words = ['今天', '天气', '很', '好', '，', '我们', '去', '公园', '散步', '。'];
  const charVocab = [...new Set(chars)]; // 14 个字
  const wordVocab = [...new Set(words)]; // 10 个词，再加一个“其他”

  // 字级“模型”：每个位置的打分 = 伪随机噪声 + 正确字上加 3（示意的一个还算不错的模型）
  const noise = pseudoNormal(chars.length * charVocab.length, 20211216);
  const charLogitsFlat = chars.flatMap((ch, t) =>
    charVocab.map((v, j) => noise[t * charVocab.length + j]! + (v === ch ? 3 : 0)),
  );
  const charLogits = tf.tensor2d(charLogitsFlat, [chars.length, charVocab.length]);
  const charTargets = tf.tensor1d(
    chars.map((ch) => charVocab.indexOf(ch)),
    'int32',
  );

  // 词级“模型”：同一个概率分布换一种切分。链式法则：p(词) = 这个词里各字的条件概率之积，
  // 剩下的概率 1 − p 平均分给词表里其余的词和“其他”，所以两种分词给整段文本的概率完全相同。
  const charNll = tokenNll(charLogits, charTargets);
  const perChar = Array.from(await charNll.data());
  charNll.dispose();
  let pos = 0;
  const wordRows = words.map((w) => {
    const n = [...w].length;
    const logP = -perChar.slice(pos, pos + n).reduce((a, b) => a + b, 0);
    pos += n;
    const rest = Math.log((1 - Math.exp(logP)) / wordVocab.length); // 其余 10 项（9 个词 + “其他”）各分一份
    return [...wordVocab, '其他'].map((v) => (v === w ? logP : rest));
  });
  const wordLogits = tf.tensor2d(wordRows); // [10, 11]，每行就是对数概率
  const wordTargets = tf.tensor1d(
    words.map((w) => wordVocab.indexOf(w)),
    'int32',
  );

  const byChar = await perplexity(charLogits, charTargets);
  const byWord = await perplexity(wordLogits, wordTargets);
  tf.dispose([charLogits, charTargets, wordLogits, wordTargets]);
  const bytes = new TextEncoder().encode(text).length;
  const bpbChar = bitsPerByte(byChar.totalNats, text);
  const bpbWord = bitsPerByte(byWord.totalNats, text);

  console.log(`文本“${text}”：${chars.length} 个字，UTF-8 ${bytes} 个字节`);
  for (const [name, r, bpb] of [
    ['逐字', byChar, bpbChar],
    ['逐词', byWord, bpbWord],
  ] as const) {
    console.log(
      `${name}：${r.tokens} 个 token，总 NLL ${r.totalNats.toFixed(4)} nats，平均 ${r.meanNats.toFixed(4)} nats/token` +
        ` = ${r.bitsPerToken.toFixed(4)} bits/token，PPL ${r.ppl.toFixed(3)}，BPB ${bpb.toFixed(4)}`,
    );
  }
  console.log(`同一个概率、两种分词：每 token 困惑度差 ${(byWord.ppl / byChar.ppl).toFixed(2)} 倍，BPB 相同`);

  // pass@k：每题采 n = 20 个样本、c = 2 个通过
  const [n, c] = [20, 2];
  const ks = Array.from({ length: 20 }, (_, i) => i + 1);
  const unbiased = ks.map((k) => passAtK(n, c, k));
  const naive = ks.map((k) => passAtKNaive(n, c, k));
  console.log(`n = ${n}，c = ${c}：pass@1 = ${unbiased[0]!.toFixed(4)}（就是 c/n）`);
  console.log(`pass@10：无偏估计 ${unbiased[9]!.toFixed(4)}，朴素估计 1 − (1 − c/n)^k = ${naive[9]!.toFixed(4)}`);
  console.log(
    `n = 200，c = 13：pass@1 = ${passAtK(200, 13, 1).toFixed(4)}，pass@10 = ${passAtK(200, 13, 10).toFixed(4)}`,
  );

  return {
    '每 token 困惑度：同一段文本、两种分词': {
      labels: ['逐字', '逐词'],
      values: [byChar.ppl, byWord.ppl],
      yLabel: 'PPL',
    },
    '每字节比特数：同一段文本、两种分词': { labels: ['逐字', '逐词'], values: [bpbChar, bpbWord], yLabel: 'bits/byte' },
    'pass@k 无偏估计（n = 20，c = 2）': { x: ks, y: unbiased, xLabel: 'k', yLabel: 'pass@k' },
    'pass@k 朴素估计 1 − (1 − c/n)^k': { x: ks, y: naive, xLabel: 'k', yLabel: 'pass@k' },
  };
}
