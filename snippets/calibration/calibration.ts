import * as tf from '@tensorflow/tfjs';

// 校准（calibration）的几个度量，定义取自 Guo et al. 2017（arXiv 1706.04599）§2：
// 把 n 个样本按置信度 p̂ 分进 M 个等宽区间 I_m = ((m−1)/M, m/M]，B_m 是落在 I_m 里的样本，
//   acc(B_m)  = 该区间里预测正确的比例
//   conf(B_m) = 该区间里 p̂ 的平均值
//   ECE = Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|      （期望校准误差）
//   MCE = max_m |acc(B_m) − conf(B_m)|              （最大校准误差，只取非空区间）
// 可靠性图（reliability diagram）就是把 acc(B_m) 对 conf(B_m) 画出来：完美校准落在对角线上。

export interface ReliabilityBins {
  count: number[]; // |B_m|
  accuracy: number[]; // acc(B_m)，空区间记 0
  confidence: number[]; // conf(B_m)，空区间记 0
}

/** 每个样本落在哪个区间：⌈p̂·M⌉ − 1，p̂ = 0 归入第 0 个区间。confidence: [n] → [n] int32 */
export function binIndex(confidence: tf.Tensor1D, numBins: number): tf.Tensor1D {
  return tf.tidy(
    () => tf.clipByValue(tf.sub(tf.ceil(tf.mul(confidence, numBins)), 1), 0, numBins - 1).toInt() as tf.Tensor1D,
  );
}

/** 可靠性图的逐区间统计。confidence: [n]，correct: [n]（1 = 答对，0 = 答错） */
export async function reliabilityBins(
  confidence: tf.Tensor1D,
  correct: tf.Tensor1D,
  numBins = 10,
): Promise<ReliabilityBins> {
  const [count, accSum, confSum] = tf.tidy(() => {
    const onehot = tf.oneHot(binIndex(confidence, numBins), numBins).toFloat(); // [n, M]
    return [
      tf.sum(onehot, 0), // [M]
      tf.matMul(correct.toFloat().reshape([1, -1]), onehot).reshape([numBins]), // [M]，Σ 答对
      tf.matMul(confidence.reshape([1, -1]), onehot).reshape([numBins]), // [M]，Σ p̂
    ];
  });
  const [c, a, s] = (await Promise.all([count.array(), accSum.array(), confSum.array()])) as [
    number[],
    number[],
    number[],
  ];
  tf.dispose([count, accSum, confSum]);
  return {
    count: c,
    accuracy: c.map((k, m) => (k > 0 ? (a[m] ?? 0) / k : 0)),
    confidence: c.map((k, m) => (k > 0 ? (s[m] ?? 0) / k : 0)),
  };
}

/** ECE 与 MCE，由逐区间统计算出 */
export function calibrationErrors(bins: ReliabilityBins): { ece: number; mce: number } {
  const n = bins.count.reduce((x, y) => x + y, 0);
  let ece = 0;
  let mce = 0;
  bins.count.forEach((k, m) => {
    if (k === 0) return; // 空区间对 ECE 的权重是 0，也不参与 MCE 的最大值
    const gap = Math.abs((bins.accuracy[m] ?? 0) - (bins.confidence[m] ?? 0));
    ece += (k / n) * gap;
    mce = Math.max(mce, gap);
  });
  return { ece, mce };
}

/** Brier 分数（二值形式）：mean((p̂ − 1[答对])²)。它不分箱，同时惩罚校准差和区分度差。 */
export function brierScore(confidence: tf.Tensor1D, correct: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(confidence, correct.toFloat()))) as tf.Scalar);
}

/**
 * 温度缩放（Guo et al. 2017 §4.2）：q̂ = max_k softmax(z/T)_k。T 不改变 argmax，准确率不变，只改置信度。
 * logits: [n, K]，labels: [n] → confidence [n]、correct [n]（0/1）、nll（平均负对数似然）
 */
export function temperatureScale(logits: tf.Tensor2D, labels: tf.Tensor1D, temperature: number) {
  return tf.tidy(() => {
    const scaled = tf.div(logits, temperature);
    const logProbs = tf.logSoftmax(scaled); // [n, K]
    const confidence = tf.exp(tf.max(logProbs, 1)) as tf.Tensor1D; // [n]
    const correct = tf.equal(tf.argMax(logits, 1), labels.toInt()).toFloat() as tf.Tensor1D; // [n]
    const onehot = tf.oneHot(labels.toInt(), logits.shape[1]).toFloat();
    const nll = tf.neg(tf.mean(tf.sum(tf.mul(onehot, logProbs), 1))) as tf.Scalar;
    return { confidence, correct, nll };
  });
}

// 虚构的 40 道 4 选 1 题：模型对自己选的那个答案给出很大的 logit，但只答对 18 道（示意数据）
export const LOGITS: number[][] = [
  [1.7, -0.4, -0.7, 0.3],
  [0.2, 1.8, 0.8, -0.6],
  [-0.8, -0.2, 1.9, 0.7],
  [0.3, 0.9, 0.2, 2.7],
  [3.1, 0.1, -0.7, -0.2],
  [0.6, 3.4, -0.6, 0.2],
  [0.1, -0.9, 2.1, -0.9],
  [0.6, -0.1, 0.8, 2.6],
  [2.4, -0.6, 0.6, -0.8],
  [0.5, 1.9, -0.4, 1.0],
  [-0.7, 0.0, 3.5, -0.9],
  [0.6, 0.6, -0.3, 2.6],
  [3.6, -0.9, -0.8, -0.5],
  [0.5, 3.5, -0.4, 0.2],
  [0.4, 0.8, 4.3, -0.3],
  [0.2, 0.0, -0.6, 2.4],
  [2.8, -0.2, 0.7, -0.8],
  [0.6, 2.7, 0.7, -0.4],
  [0.8, 0.9, 2.0, -0.7],
  [-0.5, 0.0, 0.2, 2.3],
  [4.4, -0.2, -0.3, 0.1],
  [0.9, 2.9, 0.3, 0.5],
  [0.6, -0.2, 1.8, -0.2],
  [-0.6, 1.0, -0.1, 1.8],
  [2.6, -1.0, -0.7, -0.8],
  [0.7, 2.3, 0.2, -0.7],
  [-0.3, -0.8, 4.5, 0.7],
  [0.0, -0.8, -0.8, 2.5],
  [4.4, 0.7, -0.7, -1.0],
  [-0.7, 3.1, 0.1, -0.9],
  [0.4, -0.5, 2.0, -0.3],
  [0.1, 0.0, 0.3, 3.3],
  [2.2, 0.6, 0.6, 0.5],
  [0.5, 2.9, 1.0, 0.6],
  [0.2, -0.3, 3.7, 0.6],
  [0.9, -0.8, -0.8, 2.9],
  [1.5, 0.0, 1.0, 0.2],
  [0.6, 4.2, -0.8, 0.3],
  [0.0, -0.6, 2.5, 0.6],
  [-0.2, -0.2, 0.9, 3.7],
];
export const LABELS: number[] = [
  2, 2, 2, 0, 3, 1, 0, 3, 2, 3, 1, 1, 0, 1, 2, 1, 1, 1, 2, 3, 3, 0, 3, 0, 0, 1, 2, 3, 0, 2, 1, 0, 2, 1, 2, 3, 2, 2, 1,
  3,
];
export const TEMPERATURES = [1, 1.5, 2, 3, 4];

export async function main() {
  const logits = tf.tensor2d(LOGITS); // [40, 4]
  const labels = tf.tensor1d(LABELS, 'int32'); // [40]
  const M = 10;
  const eceByT: number[] = [];
  let binsT1: ReliabilityBins | undefined;
  for (const T of TEMPERATURES) {
    const { confidence, correct, nll } = temperatureScale(logits, labels, T);
    const bins = await reliabilityBins(confidence, correct, M);
    const { ece, mce } = calibrationErrors(bins);
    const brier = brierScore(confidence, correct);
    const [accT, confT] = [tf.mean(correct), tf.mean(confidence)];
    const [acc, meanConf, b, l] = (await Promise.all([accT, confT, brier, nll].map((t) => t.data()))).map(
      (x) => x[0] ?? NaN,
    );
    console.log(
      `T = ${T}：准确率 ${acc?.toFixed(3)}，平均置信度 ${meanConf?.toFixed(3)}，` +
        `ECE ${ece.toFixed(4)}，MCE ${mce.toFixed(4)}，Brier ${b?.toFixed(4)}，NLL ${l?.toFixed(4)}`,
    );
    eceByT.push(ece);
    if (T === 1) binsT1 = bins;
    tf.dispose([confidence, correct, nll, brier, accT, confT]);
  }
  tf.dispose([logits, labels]);
  const bins = binsT1 ?? { count: [], accuracy: [], confidence: [] };
  console.log(`T = 1 各区间样本数（M = ${M}）：${bins.count.join(' ')}`);
  return {
    'bin accuracy (T = 1)': bins.accuracy,
    'bin confidence (T = 1)': bins.confidence,
    'bin count (T = 1)': bins.count,
    'ECE vs T (1, 1.5, 2, 3, 4)': eceByT,
  };
}
