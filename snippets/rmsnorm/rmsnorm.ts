import * as tf from '@tensorflow/tfjs';

/**
 * RMSNorm（Zhang & Sennrich 2019, arXiv 1910.07467）：沿最后一维
 *   y = x / sqrt(mean(x²) + ε) · g；论文的 RMS(x) = sqrt(mean(x²)) 不含 ε，ε 只为防止除零
 * 只做缩放：不减均值、没有偏置 β。ε 放在根号里面，同 LLaMA / T5 的实现。
 * x: [batch, dModel]，weight (g): [dModel]。
 */
export function rmsNorm(x: tf.Tensor2D, weight: tf.Tensor1D, eps = 1e-6): tf.Tensor2D {
  return tf.tidy(() => {
    const meanSquare = tf.mean(tf.square(x), -1, true); // [batch, 1]
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), weight);
  });
}

/**
 * LayerNorm（Ba et al. 2016, arXiv 1607.06450）：沿最后一维
 *   y = (x − μ) / sqrt(σ² + ε) · γ + β，μ = mean(x)，σ² = mean((x − μ)²)
 * σ² 是有偏方差（除以 dModel，不是 dModel − 1），与 PyTorch 的 nn.LayerNorm 一致。
 * x: [batch, dModel]，gamma (γ), beta (β): [dModel]。
 */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true); // 各 [batch, 1]
    const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normalized, gamma), beta);
  });
}

export async function main() {
  // 第 0 行均值为 0；第 1 行是同一行整体 +3（只改均值，不改形状）
  const row = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 0.5, 1.5];
  const x = tf.tensor2d([row, row.map((v) => v + 3)]); // [2, dModel = 8]
  const g = tf.tensor1d([1.0, 0.5, 1.5, 1.0, 2.0, 1.0, 0.8, 1.2]); // γ = g，两者共用一组缩放
  const beta = tf.zeros([8]) as tf.Tensor1D; // β = 0，便于和 RMSNorm 比较

  const out = tf.tidy(() => {
    const [lnX, lnShifted] = tf.unstack(layerNorm(x, g, beta)) as [tf.Tensor1D, tf.Tensor1D]; // 各 [8]
    const [rmsX, rmsShifted] = tf.unstack(rmsNorm(x, g)) as [tf.Tensor1D, tf.Tensor1D];
    const maxGap = (a: tf.Tensor1D, b: tf.Tensor1D) => tf.max(tf.abs(tf.sub(a, b))) as tf.Scalar;
    return {
      lnX, lnShifted, rmsX, rmsShifted,
      lnShiftGap: maxGap(lnX, lnShifted),
      rmsShiftGap: maxGap(rmsX, rmsShifted),
      lnVsRmsGap: maxGap(lnX, rmsX),
    };
  });
  const series = {
    'LayerNorm(x)': await out.lnX.array(),
    'LayerNorm(x + 3)': await out.lnShifted.array(),
    'RMSNorm(x)': await out.rmsX.array(),
    'RMSNorm(x + 3)': await out.rmsShifted.array(),
  };
  const [lnShiftGap, rmsShiftGap, lnVsRmsGap] = [
    await out.lnShiftGap.array(), await out.rmsShiftGap.array(), await out.lnVsRmsGap.array()];
  tf.dispose([x, g, beta, out]);

  const fmt = (r: number[]) => r.map((v) => v.toFixed(3).padStart(7)).join('');
  console.log(`${'x'.padEnd(17)}${fmt(row)}`);
  for (const [name, values] of Object.entries(series)) console.log(`${name.padEnd(17)}${fmt(values)}`);
  console.log(`LayerNorm 平移不变：max|LN(x) − LN(x+3)|   = ${lnShiftGap.toExponential(2)}`);
  console.log(`RMSNorm 不减均值：  max|RMS(x) − RMS(x+3)| = ${rmsShiftGap.toFixed(3)}`);
  // 均值为 0 时 σ² = mean(x²)，两者只差 ε 的取值（1e-5 vs 1e-6）
  console.log(`均值为 0 的行：     max|LN(x) − RMS(x)|    = ${lnVsRmsGap.toExponential(2)}`);
  return series;
}
