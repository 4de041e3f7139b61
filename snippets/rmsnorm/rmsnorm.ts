import * as tf from '@tensorflow/tfjs';

/**
 * RMSNorm（Zhang & Sennrich 2019, arXiv 1910.07467）：沿最后一维
 *   y = x / sqrt(mean(x²) + ε) · g；论文的 RMS(x) = sqrt(mean(x²)) 不含 ε，ε 只为防止除零
 * 只做缩放：不减均值、没有偏置 β。ε 放在根号里面，同 LLaMA / T5 的实现。
 * x: [batch, dModel]，weight (g): [dModel]。
 */
export function rmsNorm(x: tf.Tensor2D, weight: tf.Tensor1D, eps = 1e-6): tf.Tensor2D {
  return tf.tidy(() => {
    const meanSquare = tf.mean(tf.square(x), -1, true); // 1 次归约，[batch, 1]
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, eps))), weight);
  });
}

/**
 * LayerNorm 的两个统计量（Ba et al. 2016, arXiv 1607.06450, 式 (3)）：每一行（每个 token）单独算
 *   μ = (1/n) Σ x_i，σ² = (1/n) Σ (x_i − μ)²
 * σ² 是有偏方差：除以 n，不是 n − 1（torch.var 的默认是 n − 1）。不跨行、不跨 batch。
 * x: [batch, dModel] → mean, variance: 各 [batch]。
 */
export function layerNormStats(x: tf.Tensor2D): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  return tf.tidy(() => {
    const mean = tf.mean(x, -1, true); // 归约 1：均值，[batch, 1]
    const variance = tf.mean(tf.square(tf.sub(x, mean)), -1); // 归约 2：有偏方差，[batch]
    return { mean: tf.reshape(mean, [-1]) as tf.Tensor1D, variance: variance as tf.Tensor1D };
  });
}

/**
 * LayerNorm：沿最后一维 y = (x − μ) / sqrt(σ² + ε) · γ + β，μ、σ² 见 layerNormStats。
 * ε 在根号里，默认 1e-5，与 PyTorch 的 nn.LayerNorm 一致。
 * x: [batch, dModel]，gamma (γ), beta (β): [dModel]。
 */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = layerNormStats(x); // 各 [batch]
    const centered = tf.sub(x, tf.expandDims(mean, -1)); // [batch, dModel]
    const normalized = tf.mul(centered, tf.rsqrt(tf.add(tf.expandDims(variance, -1), eps)));
    return tf.add(tf.mul(normalized, gamma), beta);
  });
}

/**
 * 按上面两个函数的写法数运算量（每个 token，隐藏维 n）：
 *   LayerNorm：2 次归约（μ、σ²），逐元素 6 个（x−μ 与平方算方差；x−μ、×rstd、×γ、+β 出结果）
 *   RMSNorm： 1 次归约（mean(x²)），逐元素 3 个（平方；×rstd、×g）
 * 参数：LayerNorm 2n（γ、β），RMSNorm n（g）。
 */
export function normCost(n: number) {
  return {
    layerNorm: { reductions: 2, elementwisePerElement: 6, params: 2 * n },
    rmsNorm: { reductions: 1, elementwisePerElement: 3, params: n },
  };
}

export async function main() {
  // 第 0 行均值为 0；第 1 行是同一行整体 +3（只改均值，不改形状）
  const row = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 0.5, 1.5];
  const n = row.length;
  const x = tf.tensor2d([row, row.map((v) => v + 3)]); // [2, dModel = 8]
  const g = tf.tensor1d([1.0, 0.5, 1.5, 1.0, 2.0, 1.0, 0.8, 1.2]); // γ = g，两者共用一组缩放
  const beta = tf.zeros([8]) as tf.Tensor1D; // β = 0，便于和 RMSNorm 比较

  const out = tf.tidy(() => {
    const [lnX, lnShifted] = tf.unstack(layerNorm(x, g, beta)) as [tf.Tensor1D, tf.Tensor1D]; // 各 [8]
    const [rmsX, rmsShifted] = tf.unstack(rmsNorm(x, g)) as [tf.Tensor1D, tf.Tensor1D];
    const maxGap = (a: tf.Tensor1D, b: tf.Tensor1D) => tf.max(tf.abs(tf.sub(a, b))) as tf.Scalar;
    const { mean, variance } = layerNormStats(x);
    return {
      lnX,
      lnShifted,
      rmsX,
      rmsShifted,
      mean,
      variance,
      meanSquare: tf.mean(tf.square(x), -1), // RMS² = σ² + μ²
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
  // 每行的 μ、σ²、mean(x²)：[2, 1] 的张量读成长度 2 的数组
  const [mean, variance, meanSquare] = await Promise.all([out.mean.data(), out.variance.data(), out.meanSquare.data()]);
  const [lnShiftGap, rmsShiftGap, lnVsRmsGap] = [
    await out.lnShiftGap.array(),
    await out.rmsShiftGap.array(),
    await out.lnVsRmsGap.array(),
  ];
  tf.dispose([x, g, beta, out]);

  const fmt = (r: number[]) => r.map((v) => v.toFixed(3).padStart(7)).join('');
  console.log(`${'x'.padEnd(17)}${fmt(row)}`);
  for (const [name, values] of Object.entries(series)) console.log(`${name.padEnd(17)}${fmt(values)}`);
  for (const [i, name] of ['x', 'x + 3'].entries()) {
    const [mu, v, ms] = [mean[i] ?? NaN, variance[i] ?? NaN, meanSquare[i] ?? NaN];
    console.log(
      `${name.padEnd(5)} 的统计量：μ = ${mu.toFixed(3)}，σ²（有偏，÷${n}）= ${v.toFixed(4)}，` +
        `无偏（÷${n - 1}）= ${((v * n) / (n - 1)).toFixed(4)}，mean(x²) = ${ms.toFixed(4)} = σ² + μ²`,
    );
  }
  console.log(`误用无偏方差时 LayerNorm 的输出整体乘以 sqrt((n−1)/n) = ${Math.sqrt((n - 1) / n).toFixed(4)}`);
  console.log(`LayerNorm 平移不变：max|LN(x) − LN(x+3)|   = ${lnShiftGap.toExponential(2)}`);
  console.log(`RMSNorm 不减均值：  max|RMS(x) − RMS(x+3)| = ${rmsShiftGap.toFixed(3)}`);
  // 均值为 0 时 σ² = mean(x²)，两者只差 ε 的取值（1e-5 vs 1e-6）
  console.log(`均值为 0 的行：     max|LN(x) − RMS(x)|    = ${lnVsRmsGap.toExponential(2)}`);

  // 开销：按 LLaMA 7B 的形状（32 层、d = 4096；每层 2 个归一化，输出前再 1 个）
  const [layers, dModel] = [32, 4096];
  const norms = 2 * layers + 1;
  const cost = normCost(dModel);
  console.log(
    `每个 token：LayerNorm ${cost.layerNorm.reductions} 次归约 + ${cost.layerNorm.elementwisePerElement} 个逐元素运算，` +
      `RMSNorm ${cost.rmsNorm.reductions} 次归约 + ${cost.rmsNorm.elementwisePerElement} 个逐元素运算`,
  );
  console.log(
    `${norms} 个归一化层的参数：LayerNorm ${norms * cost.layerNorm.params}，RMSNorm ${norms * cost.rmsNorm.params}`,
  );
  return series;
}
