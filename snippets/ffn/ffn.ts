import * as tf from '@tensorflow/tfjs';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI); // ≈ 0.7978845608

/**
 * GELU 精确式（Hendrycks & Gimpel 2016, arXiv 1606.08415, §2）：
 *   GELU(x) = x·Φ(x) = x/2 · (1 + erf(x/√2))，Φ 是标准正态分布的累积分布函数。
 * 同 PyTorch 的 F.gelu 默认（approximate='none'）。逐元素，x 任意形状。
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
}

/**
 * GELU 的 tanh 近似（同论文 §2）：0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))。
 * 注意 tanh 包住的是 √(2/π)·(x + 0.044715x³) 整体。同 F.gelu(approximate='tanh')、GPT-2 的 gelu。
 */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x)))));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}

/** GELU 的 sigmoid 近似（同论文 §2）：x·σ(1.702x)。即 β = 1.702 的 Swish，比 tanh 近似粗。 */
export function geluSigmoid(x: tf.Tensor): tf.Tensor {
  return swish(x, 1.702);
}

/**
 * Swish（Ramachandran et al. 2017, arXiv 1710.05941）：Swish_β(x) = x·σ(βx)。
 * β = 1 即 SiLU（F.silu）；β = 0 得 x/2；β → ∞ 趋于 ReLU。论文里 β 可以是常数，也可以是可训练参数。
 */
export function swish(x: tf.Tensor, beta = 1): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(tf.mul(x, beta))));
}

/**
 * 位置逐点前馈网络（Vaswani et al. 2017, arXiv 1706.03762, §3.3, 式 (2)）：
 *   FFN(x) = f(x·W1 + b1)·W2 + b2，原文 f = ReLU。
 * x: [nTokens, dModel]，W1: [dModel, dFF]，b1: [dFF]，W2: [dFF, dModel]，b2: [dModel]。
 * 每一行（一个 token）单独过同一组权重，token 之间不交换信息。b1、b2 传 null 即无偏置（LLaMA、PaLM 的做法）。
 */
export function ffn(
  x: tf.Tensor2D,
  w1: tf.Tensor2D,
  b1: tf.Tensor1D | null,
  w2: tf.Tensor2D,
  b2: tf.Tensor1D | null,
  activation: (h: tf.Tensor) => tf.Tensor = tf.relu,
): tf.Tensor2D {
  return tf.tidy(() => {
    let h: tf.Tensor = tf.matMul(x, w1); // [nTokens, dFF]：升维
    if (b1) h = tf.add(h, b1);
    h = activation(h); // 逐元素非线性
    let y: tf.Tensor = tf.matMul(h as tf.Tensor2D, w2); // [nTokens, dModel]：降回 d_model
    if (b2) y = tf.add(y, b2);
    return y as tf.Tensor2D;
  });
}

/** FFN 的参数量：W1、W2 各 dModel·dFF 个，偏置 b1、b2 共 dFF + dModel 个。 */
export function ffnParamCount(dModel: number, dFF: number, bias = true): number {
  return 2 * dModel * dFF + (bias ? dFF + dModel : 0);
}

/** 位置为 i 的确定性“随机”权重，便于 reference.py 逐位复现：0.5·sin(1 + 0.7·i + seed)。 */
function fixedMatrix(rows: number, cols: number, seed: number): tf.Tensor2D {
  const v = Array.from({ length: rows * cols }, (_, i) => 0.5 * Math.sin(1 + 0.7 * i + seed));
  return tf.tensor2d(v, [rows, cols]);
}

export async function main() {
  // 1) 参数量：原版 Transformer base（d_model 512，d_ff 2048）与 GPT-3 175B（d_model 12288，d_ff = 4·d_model）
  const base = ffnParamCount(512, 2048);
  const gpt3 = ffnParamCount(12288, 4 * 12288);
  console.log(
    `Transformer base 每层 FFN 参数：${base.toLocaleString('en-US')}（其中偏置 ${base - ffnParamCount(512, 2048, false)} 个）`,
  );
  console.log(
    `GPT-3 175B 每层 FFN 参数：${gpt3.toLocaleString('en-US')}，× 96 层 = ${((gpt3 * 96) / 1e9).toFixed(1)}B`,
  );

  // 2) 位置逐点：把 token 顺序倒过来，输出也只是跟着倒过来（FFN 不看别的 token）
  const [nTokens, dModel, dFF] = [5, 8, 32];
  const x = fixedMatrix(nTokens, dModel, 0);
  const [w1, w2] = [fixedMatrix(dModel, dFF, 1), fixedMatrix(dFF, dModel, 2)];
  const [b1, b2] = [tf.fill([dFF], 0.1) as tf.Tensor1D, tf.fill([dModel], -0.1) as tf.Tensor1D];
  const gap = tf.tidy(() => {
    const y = ffn(x, w1, b1, w2, b2, gelu);
    const yOfReversed = ffn(tf.reverse(x, 0), w1, b1, w2, b2, gelu);
    return tf.max(tf.abs(tf.sub(yOfReversed, tf.reverse(y, 0))));
  });
  console.log(`FFN(倒序的 x) 与 FFN(x) 倒序：max 差 = ${((await gap.array()) as number).toExponential(1)}`);
  tf.dispose([x, w1, w2, b1, b2, gap]);

  // 3) GELU 精确式与两种近似在 [−6, 6]（步长 0.01）上的最大差
  const fine = tf.tensor1d(Array.from({ length: 1201 }, (_, i) => -6 + 0.01 * i));
  const stats = tf.tidy(() => {
    const exact = gelu(fine);
    const tanhGap = tf.abs(tf.sub(exact, geluTanh(fine)));
    const sigmoidGap = tf.abs(tf.sub(exact, geluSigmoid(fine)));
    const silu = swish(fine, 1);
    return [
      tf.max(tanhGap),
      tf.argMax(tanhGap),
      tf.max(sigmoidGap),
      tf.argMax(sigmoidGap),
      tf.min(exact),
      tf.argMin(exact),
      tf.min(silu),
      tf.argMin(silu),
    ];
  });
  const [tanhMax, tanhAt, sigMax, sigAt, geluMin, geluMinAt, siluMin, siluMinAt] = (await Promise.all(
    stats.map((t) => t.array()),
  )) as number[];
  const at = (i: number) => -6 + 0.01 * i; // 下标 → x
  console.log(`max|GELU − tanh 近似|    = ${tanhMax.toExponential(2)}，在 |x| ≈ ${Math.abs(at(tanhAt)).toFixed(1)}`);
  console.log(`max|GELU − sigmoid 近似| = ${sigMax.toExponential(2)}，在 |x| ≈ ${Math.abs(at(sigAt)).toFixed(1)}`);
  console.log(`GELU 最小值 ${geluMin.toFixed(4)}，在 x ≈ ${at(geluMinAt).toFixed(2)}`);
  console.log(`SiLU 最小值 ${siluMin.toFixed(4)}，在 x ≈ ${at(siluMinAt).toFixed(2)}`);
  tf.dispose([fine, ...stats]);

  // 4) 括号放错的写法：tanh 只包住常数 √(2/π)，x = 3 时差出近一倍
  const x3 = 3;
  const misplaced = 0.5 * x3 * (1 + Math.tanh(SQRT_2_OVER_PI) * (x3 + 0.044715 * x3 ** 3));
  const right = tf.tidy(() => gelu(tf.scalar(x3)));
  console.log(`x = 3：括号放错 ${misplaced.toFixed(2)}，正确的 GELU ${((await right.array()) as number).toFixed(2)}`);
  right.dispose();

  // 5) 曲线：x 从 −4 到 4，步长 0.1（下标 i 对应 x = −4 + 0.1·i，共 81 点）
  const grid = tf.tensor1d(Array.from({ length: 81 }, (_, i) => -4 + 0.1 * i));
  console.log('曲线横轴：下标 i 对应 x = −4 + 0.1·i（i = 40 是 x = 0）');
  const curves = {
    ReLU: tf.relu(grid),
    'GELU（erf）': gelu(grid),
    'GELU（tanh 近似）': geluTanh(grid),
    'xσ(1.702x)': geluSigmoid(grid),
    'SiLU（β = 1）': swish(grid, 1),
    'Swish β = 4': swish(grid, 4),
  };
  grid.dispose();
  return curves;
}
