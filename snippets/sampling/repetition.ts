import * as tf from '@tensorflow/tfjs';
import { repetitionPenalty, topPFilter } from './sampling.ts';

// 一个 6 个 token 的玩具语言模型：二元（bigram）转移表，P[i][j] = P(下一个是 j | 当前是 i)。
// 概率为虚构（示意），每行之和为 1，行内没有相等的值，贪心的 argmax 不会碰上并列。
export const TOKENS = ['我', '觉得', '很', '好', '。', '但是'];
export const TABLE = [
  [0.02, 0.7, 0.12, 0.05, 0.03, 0.08], // 我 → 觉得
  [0.04, 0.02, 0.56, 0.26, 0.03, 0.09], // 觉得 → 很
  [0.01, 0.025, 0.03, 0.9, 0.015, 0.02], // 很 → 好
  [0.03, 0.015, 0.42, 0.04, 0.47, 0.025], // 好 → 。（0.47）略高于 → 很（0.42）
  [0.45, 0.06, 0.04, 0.02, 0.03, 0.4], // 。 → 我
  [0.4, 0.25, 0.2, 0.06, 0.05, 0.04], // 但是 → 我
];

/** 一个 logits 处理器：拿到当前 logits 和已有序列，返回改过的 logits（同 HF 的 LogitsProcessor）。 */
export type Processor = (logits: tf.Tensor1D, ids: number[]) => tf.Tensor1D;

/**
 * seq-rep-n（Welleck et al. 2019, §4）：1 − |去重后的 n-gram| / |n-gram 总数|。
 * 序列里每个 n-gram 都只出现一次时为 0；一段话原样循环时趋近 1。
 */
export function seqRepN(ids: number[], n: number): number {
  const ngrams: string[] = [];
  for (let i = 0; i + n <= ids.length; i++) ngrams.push(ids.slice(i, i + n).join(','));
  if (ngrams.length === 0) return 0;
  return 1 - new Set(ngrams).size / ngrams.length;
}

/**
 * 禁止重复 n-gram（no_repeat_ngram_size，HF NoRepeatNGramLogitsProcessor，源自 fairseq）：
 * 取序列最后 n−1 个 token 作前缀，序列里凡是跟在同一前缀后面出现过的 token，logit 置 −∞。
 * 这样任何 n-gram 都至多出现一次。ids 是整条序列（HF 里包括提示词）。
 */
export function noRepeatNgram(logits: tf.Tensor1D, ids: number[], n: number): tf.Tensor1D {
  return tf.tidy(() => {
    const banned: boolean[] = new Array(logits.shape[0]).fill(false);
    const prefix = ids.slice(ids.length - (n - 1)).join(',');
    if (ids.length >= n - 1) {
      for (let i = 0; i + n <= ids.length; i++) {
        if (ids.slice(i, i + n - 1).join(',') === prefix) banned[ids[i + n - 1]] = true;
      }
    }
    return tf.where(tf.tensor1d(banned, 'bool'), tf.fill([logits.shape[0]], -Infinity), logits) as tf.Tensor1D;
  });
}

/**
 * presence / frequency penalty（OpenAI API 文档的写法，加性）：
 *   μ_j ← μ_j − c_j · α_frequency − 1[c_j > 0] · α_presence，
 * c_j 是 token j 在 ids 里出现的次数。frequency 随次数累加，presence 只看出现没出现。
 * ids 只传已生成的 token：OpenAI 数的是“已采样”的次数，vLLM 数的是“已生成的文本”，都不含提示词。
 * 对比 sampling.ts 的 repetitionPenalty（CTRL / HF，乘性，只罚一次，HF 默认连提示词一起算）。
 */
export function presenceFrequencyPenalty(
  logits: tf.Tensor1D,
  ids: number[],
  presence: number,
  frequency: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const counts: number[] = new Array(logits.shape[0]).fill(0);
    for (const id of ids) counts[id] += 1;
    const c = tf.tensor1d(counts); // [vocab]
    const seen = tf.cast(tf.greater(c, 0), 'float32'); // 1[c_j > 0]
    return tf.sub(tf.sub(logits, tf.mul(c, frequency)), tf.mul(seen, presence)) as tf.Tensor1D;
  });
}

/** 贪心解码：每步取（处理后）logit 最大的 token。logTable: [vocab, vocab]，log P。 */
export async function greedyDecode(
  logTable: tf.Tensor2D,
  start: number,
  steps: number,
  processor?: Processor,
): Promise<number[]> {
  const ids = [start];
  for (let t = 0; t < steps; t++) {
    const next = tf.tidy(() => {
      const row = tf.gather(logTable, [ids[ids.length - 1]]).as1D(); // [1, vocab] → [vocab]
      return tf.argMax(processor ? processor(row, ids) : row);
    });
    ids.push((await next.data())[0]);
    next.dispose();
  }
  return ids;
}

/**
 * 束搜索：保留累计对数概率最高的 beamWidth 条序列。没有结束符，所有候选等长，
 * 所以不需要长度归一化；返回得分最高的一条和它的累计对数概率。
 */
export async function beamSearch(
  logTable: tf.Tensor2D,
  start: number,
  steps: number,
  beamWidth: number,
): Promise<{ ids: number[]; logProb: number }> {
  const vocab = logTable.shape[0];
  let beams: { ids: number[]; logProb: number }[] = [{ ids: [start], logProb: 0 }];
  for (let t = 0; t < steps; t++) {
    const { values, indices } = tf.tidy(() => {
      const last = tf.tensor1d(
        beams.map((b) => b.ids[b.ids.length - 1]),
        'int32',
      );
      const scores = tf.add(
        tf.tensor2d(
          beams.map((b) => [b.logProb]),
          [beams.length, 1],
        ),
        tf.gather(logTable, last),
      ); // [beams, vocab]：每条候选接上每个 token 后的累计得分
      const k = Math.min(beamWidth, beams.length * vocab);
      return tf.topk(tf.reshape(scores, [-1]), k); // 展平后取前 k
    });
    const [v, idx] = [await values.data(), await indices.data()];
    tf.dispose([values, indices]);
    beams = Array.from(idx, (flat, i) => ({
      ids: [...beams[Math.floor(flat / vocab)].ids, flat % vocab],
      logProb: v[i],
    }));
  }
  return beams[0];
}

/**
 * 采样：第 t 步用给定的均匀随机数 u_t 按逆 CDF 抽样，即取累计概率第一次超过 u_t 的 token
 * （同 torch.searchsorted(cdf, u, right=True)）。随机数由外面传入，PyTorch 可以逐步复现。
 */
export async function sampleDecode(
  logTable: tf.Tensor2D,
  start: number,
  uniforms: number[],
  processor?: Processor,
): Promise<number[]> {
  const ids = [start];
  for (const u of uniforms) {
    const next = tf.tidy(() => {
      const row = tf.gather(logTable, [ids[ids.length - 1]]).as1D(); // [vocab]
      const cdf = tf.cumsum(tf.softmax(processor ? processor(row, ids) : row)); // [vocab]
      // cdf ≤ u 的个数 = 抽中的下标；float32 的 cdf 末项可能略小于 1，夹到最后一个 token 以防越界
      return tf.minimum(tf.sum(tf.cast(tf.lessEqual(cdf, u), 'int32')), cdf.shape[0] - 1);
    });
    ids.push((await next.data())[0]);
    next.dispose();
  }
  return ids;
}

/** 序列在原始转移表下的平均每步对数概率（不含处理器的改动），越接近 0 模型越“满意”。 */
export function meanLogProb(ids: number[]): number {
  let sum = 0;
  for (let t = 1; t < ids.length; t++) sum += Math.log(TABLE[ids[t - 1]][ids[t]]);
  return sum / (ids.length - 1);
}

export async function main() {
  const logTable = tf.tidy(() => tf.log(tf.tensor2d(TABLE))); // [6, 6]，logits = log P
  const steps = 20;
  // 固定的 20 个均匀随机数（由 torch.rand 生成后保留 4 位小数），代替 Math.random
  const uniforms = [
    0.642, 0.2598, 0.3608, 0.3151, 0.2661, 0.8514, 0.5793, 0.72, 0.8474, 0.4531, 0.3581, 0.3257, 0.8013, 0.2186, 0.111,
    0.3291, 0.3533, 0.3717, 0.7576, 0.5078,
  ];
  const runs: [string, number[]][] = [
    ['贪心', await greedyDecode(logTable, 0, steps)],
    ['束搜索 B=3', (await beamSearch(logTable, 0, steps, 3)).ids],
    ['采样 T=1', await sampleDecode(logTable, 0, uniforms)],
    ['top-p=0.8 采样', await sampleDecode(logTable, 0, uniforms, (z) => topPFilter(z, 0.8))],
    ['贪心+重复惩罚1.3', await greedyDecode(logTable, 0, steps, (z, ids) => repetitionPenalty(z, ids, 1.3))],
    [
      '贪心+presence/frequency',
      // ids[0] 是起始 token“我”，相当于提示词，不计数；重复惩罚照 HF 的默认，连它一起罚
      await greedyDecode(logTable, 0, steps, (z, ids) => presenceFrequencyPenalty(z, ids.slice(1), 0.5, 0.3)),
    ],
    ['贪心+禁止重复3-gram', await greedyDecode(logTable, 0, steps, (z, ids) => noRepeatNgram(z, ids, 3))],
  ];
  logTable.dispose();

  for (const [name, ids] of runs) {
    console.log(`${name}：${ids.map((i) => TOKENS[i]).join(' ')}`);
    console.log(`  seq-rep-4 = ${seqRepN(ids, 4).toFixed(3)}，平均对数概率 = ${meanLogProb(ids).toFixed(3)}`);
  }
  const labels = runs.map(([name]) => name);
  return {
    '20 步续写的 seq-rep-4': {
      labels,
      values: runs.map(([, ids]) => seqRepN(ids, 4)),
      xLabel: '解码方式',
      yLabel: 'seq-rep-4',
    },
    '平均每步对数概率（原始转移表）': {
      labels,
      values: runs.map(([, ids]) => meanLogProb(ids)),
      xLabel: '解码方式',
      yLabel: 'log P',
    },
  };
}
