import * as tf from '@tensorflow/tfjs';

/**
 * 成对排序损失（Bradley–Terry 偏好模型的负对数似然；InstructGPT, Ouyang et al. 2022, arXiv 2203.02155, 式 (1)）：
 *   loss = mean( −log σ(r_chosen − r_rejected − m) )
 * m = 0 即 InstructGPT 的写法；m > 0 是 Llama 2 的 margin 变体（arXiv 2307.09288, 3.2.2 节），
 * m 由标注者给的偏好程度决定（“明显更好”最大，“几乎一样/不确定”为 0）。
 * −log σ(z) = softplus(−z)，用 softplus 写，z 很负时不会因 log(0) 溢出。
 * rChosen, rRejected: [N] 标量奖励（奖励模型在每条回答最后一个 token 上输出的数）；margin: 标量或 [N]。
 */
export function pairwiseLoss(
  rChosen: tf.Tensor1D,
  rRejected: tf.Tensor1D,
  margin: number | tf.Tensor1D = 0,
): tf.Scalar {
  return tf.tidy(() => {
    const z = tf.sub(tf.sub(rChosen, rRejected), margin); // [N]
    return tf.mean(tf.softplus(tf.neg(z))) as tf.Scalar;
  });
}

/** 偏好准确率：r_chosen > r_rejected 的比例（奖励模型评测常报的数）。 */
export function pairAccuracy(rChosen: tf.Tensor1D, rRejected: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.greater(rChosen, rRejected), 'float32')) as tf.Scalar);
}

/** 平均分差 mean(r_chosen − r_rejected)，也就是模型隐含的平均 logit 差。 */
export function meanRewardGap(rChosen: tf.Tensor1D, rRejected: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(rChosen, rRejected)) as tf.Scalar);
}

/**
 * BT 模型给出的“chosen 更好”的概率 P(y_c ≻ y_r) = σ(r_c − r_r)。
 * 奖励只在差值里出现：给所有回答加同一个常数，损失和概率都不变。
 */
export function preferenceProb(rChosen: tf.Tensor1D, rRejected: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.sigmoid(tf.sub(rChosen, rRejected)) as tf.Tensor1D);
}

/**
 * 把一个 K 路排序（回答编号，从最好到最差）展开成全部 C(K, 2) 个 (好, 差) 对，InstructGPT 3.5 节的做法。
 * 例：[2, 0, 3, 1] → (2,0) (2,3) (2,1) (0,3) (0,1) (3,1)，共 6 对。
 */
export function rankingPairs(ranking: number[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranking.length; i++) {
    for (let j = i + 1; j < ranking.length; j++) {
      const [better, worse] = [ranking[i], ranking[j]];
      if (better === undefined || worse === undefined) throw new Error('ranking index out of range');
      pairs.push([better, worse]);
    }
  }
  return pairs;
}

/**
 * 一个 prompt 的 K 路排序损失：对 C(K, 2) 对取平均（式 (1) 里的 1/C(K,2)）。
 * InstructGPT 把同一个 prompt 的所有对放进同一个 batch 元素：每条回答只需前向一次，
 * 也避免把相关的对打散到多个 epoch 里造成过拟合。
 * scores: [K]，第 k 条回答的奖励；ranking: 回答编号，从最好到最差。
 */
export function rankingLoss(ranking: number[], scores: tf.Tensor1D): tf.Scalar {
  const pairs = rankingPairs(ranking);
  return tf.tidy(() => {
    const chosen = tf.gather(
      scores,
      pairs.map(([b]) => b),
    ) as tf.Tensor1D; // [C(K,2)]
    const rejected = tf.gather(
      scores,
      pairs.map(([, w]) => w),
    ) as tf.Tensor1D; // [C(K,2)]
    return pairwiseLoss(chosen, rejected);
  });
}

export async function main() {
  // 一个小 batch：4 对 (chosen, rejected) 的奖励（示意数值），第 4 对排反了
  const rc = tf.tensor1d([1.2, 0.3, 2.0, -0.5]);
  const rr = tf.tensor1d([0.2, -0.4, 1.5, 0.5]);
  const [loss, acc, gap, lossM1, probs] = [
    pairwiseLoss(rc, rr),
    pairAccuracy(rc, rr),
    meanRewardGap(rc, rr),
    pairwiseLoss(rc, rr, 1),
    preferenceProb(rc, rr),
  ];
  const shifted = tf.tidy(() => pairwiseLoss(tf.add(rc, 5) as tf.Tensor1D, tf.add(rr, 5) as tf.Tensor1D));
  console.log(
    `4 对：loss = ${(await loss.array()).toFixed(4)}，准确率 = ${(await acc.array()).toFixed(2)}，` +
      `平均分差 = ${(await gap.array()).toFixed(3)}`,
  );
  console.log(
    `σ(r_c − r_r) = [${Array.from(await probs.data())
      .map((p) => p.toFixed(3))
      .join(', ')}]`,
  );
  console.log(`所有奖励 +5 后 loss = ${(await shifted.array()).toFixed(4)}（只看差值）`);
  console.log(`margin m = 1（Llama 2 式）：loss = ${(await lossM1.array()).toFixed(4)}`);

  // K = 4 的排序：标注者给出 B > A > D > C（编号 A=0, B=1, C=2, D=3）
  const ranking = [1, 0, 3, 2];
  const scores = tf.tensor1d([0.8, 1.5, -1.0, 0.1]); // 奖励模型给 A、B、C、D 的分（示意）
  const pairs = rankingPairs(ranking);
  const kLoss = rankingLoss(ranking, scores);
  const names = 'ABCD';
  console.log(
    `K = 4 排序 B > A > D > C 展开成 ${pairs.length} 对：` + pairs.map(([b, w]) => `${names[b]}>${names[w]}`).join(' '),
  );
  console.log(`该 prompt 的损失（对 ${pairs.length} 对取平均）= ${(await kLoss.array()).toFixed(4)}`);

  // 逐对损失随分差 Δ = r_c − r_r 的曲线（Δ 从 −4 到 4，步长 0.2，共 41 点），m = 0 与 m = 1
  const deltas = Array.from({ length: 41 }, (_, i) => -4 + 0.2 * i);
  const curves = tf.tidy(() => {
    const d = tf.tensor1d(deltas);
    const perPair = (m: number) => tf.softplus(tf.neg(tf.sub(d, m))); // 逐对损失，不取平均
    return { m0: perPair(0), m1: perPair(1) };
  });
  const series = {
    'loss, m = 0': Array.from(await curves.m0.data()),
    'loss, m = 1': Array.from(await curves.m1.data()),
  };
  console.log(
    `Δ = 0 时 loss = ln 2 = ${(series['loss, m = 0'][20] ?? NaN).toFixed(4)}；` + `m = 1 时要 Δ 再大 1 才降到同样的值`,
  );
  tf.dispose([rc, rr, loss, acc, gap, lossM1, probs, shifted, scores, kLoss, curves.m0, curves.m1]);
  return series;
}
