import * as tf from '@tensorflow/tfjs';

/**
 * RoPE 频率 θ_i = base^(−2i/d)，i = 0 … d/2 − 1（Su et al. 2021, arXiv 2104.09864；论文 §3.2.2 写作
 * 10000^(−2(i−1)/d)、i 从 1 起，这里 i 从 0 起，同一组频率）。
 * i 小的维度转得快（θ_0 = 1 rad/位置），i 大的转得慢，好比一组周期不同的时钟指针。
 */
export function ropeFrequencies(dHead: number, base = 10000): number[] {
  if (dHead % 2 !== 0) throw new Error(`dHead 必须是偶数，收到 ${dHead}`);
  return Array.from({ length: dHead / 2 }, (_, i) => base ** ((-2 * i) / dHead));
}

/**
 * 旋转位置编码 RoPE（RoFormer §3.4.2, eq. 34）：相邻两维 (x_2i, x_2i+1) 组成一对，按角度 m·θ_i 旋转：
 *   x'_2i   = x_2i · cos(m·θ_i) − x_2i+1 · sin(m·θ_i)
 *   x'_2i+1 = x_2i+1 · cos(m·θ_i) + x_2i · sin(m·θ_i)
 * 相邻配对（interleaved）同论文与 Meta LLaMA 参考代码；HF 的 rotate_half 则是前后两半配对。
 * x: [seqLen, dHead]，positions[j] 是第 j 行的位置 m。
 */
export function applyRope(x: tf.Tensor2D, positions: number[], base = 10000): tf.Tensor2D {
  const [seqLen, dHead] = x.shape;
  if (positions.length !== seqLen) throw new Error('positions 长度必须等于 seqLen');
  // 角度 m·θ_i 与 cos/sin 用 JS 的 float64 算好再转 float32（同 LLaMA 预先算好 freqs_cis）：
  // 在无头 Chromium 的 WebGL/WebGPU 上实测，着色器里的 sin/cos 对几百 rad 的角度误差到 1e-3 量级
  const theta = ropeFrequencies(dHead, base);
  const angles = positions.map((m) => theta.map((t) => m * t)); // [seqLen, dHead/2]
  return tf.tidy(() => {
    const cos = tf.tensor2d(angles.map((row) => row.map(Math.cos)), [seqLen, dHead / 2]);
    const sin = tf.tensor2d(angles.map((row) => row.map(Math.sin)), [seqLen, dHead / 2]);
    const pairs = tf.reshape(x, [seqLen, dHead / 2, 2]); // 最后一维是 (x_2i, x_2i+1)
    const [xEven, xOdd] = tf.unstack(pairs, 2) as [tf.Tensor2D, tf.Tensor2D]; // 各 [seqLen, dHead/2]
    const outEven = tf.sub(tf.mul(xEven, cos), tf.mul(xOdd, sin));
    const outOdd = tf.add(tf.mul(xOdd, cos), tf.mul(xEven, sin));
    return tf.reshape(tf.stack([outEven, outOdd], 2), [seqLen, dHead]); // 交错拼回
  });
}

/**
 * 旋转后的打分 q_m · k_n = (R_m q)ᵀ(R_n k) = qᵀ R_(n−m) k（RoFormer §3.2.2）：只依赖相对距离 m − n。
 * q, k: [dHead]，返回标量。
 */
export function attentionScore(q: tf.Tensor1D, k: tf.Tensor1D, m: number, n: number, base = 10000): tf.Scalar {
  return tf.tidy(() => {
    const qm = applyRope(tf.reshape(q, [1, -1]) as tf.Tensor2D, [m], base); // [1, dHead]
    const kn = applyRope(tf.reshape(k, [1, -1]) as tf.Tensor2D, [n], base); // [1, dHead]
    return tf.sum(tf.mul(qm, kn));
  });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export async function main() {
  // 固定的 q、k，dHead = 8
  const q = tf.tensor1d([0.6, -1.1, 0.9, 0.3, -0.5, 1.2, 0.4, -0.8]);
  const k = tf.tensor1d([1.0, 0.2, -0.7, 0.8, 0.5, -0.3, 0.9, 0.1]);

  console.log('相对位置性质：m − n = 3 不变，整体平移 s 后打分不变（差异只来自 float32 舍入）');
  for (const s of [0, 10, 100, 1000]) {
    const score = attentionScore(q, k, 5 + s, 2 + s);
    const value = await score.array();
    score.dispose();
    console.log(`  (m, n) = (${5 + s}, ${2 + s})  q_m·k_n = ${value.toFixed(6)}`);
  }

  // 旋转不改变长度：|R_m x| = |x|
  const [normBefore, normAfter] = tf.tidy(() => {
    const rotated = applyRope(tf.reshape(q, [1, 8]) as tf.Tensor2D, [7]); // 位置 m = 7
    return [tf.norm(q), tf.norm(rotated)] as [tf.Scalar, tf.Scalar];
  });
  console.log(`|q| = ${(await normBefore.array()).toFixed(6)}，|RoPE(q, m=7)| = ${(await normAfter.array()).toFixed(6)}`);
  tf.dispose([normBefore, normAfter]);

  // 长程衰减（RoFormer §3.4.3）：q = k = 全 1，dHead = 64，打分 = Σ_i 2·cos((m−n)·θ_i)
  const decay = tf.tidy(() => {
    const ones = tf.ones([128, 64]) as tf.Tensor2D;
    const qRot = applyRope(ones, range(128)); // 位置 m = 0..127
    const kRot = applyRope(tf.ones([1, 64]) as tf.Tensor2D, [0]); // 位置 n = 0
    return tf.reshape(tf.matMul(qRot, kRot, false, true), [128]); // [128]，下标 = m − n
  });
  const decayValues = Array.from(await decay.data());
  decay.dispose();
  const shown = decayValues.filter((_, d) => [0, 1, 2, 8, 32, 127].includes(d)).map((v) => v.toFixed(2));
  console.log(`q = k = 1 时 m − n = 0, 1, 2, 8, 32, 127 的打分：${shown.join(', ')}`);

  // 16×16 打分矩阵：每条对角线上的值相同（Toeplitz），因为只依赖 m − n
  const scores = tf.tidy(() => {
    const Q = applyRope(tf.tile(tf.reshape(q, [1, 8]), [16, 1]) as tf.Tensor2D, range(16));
    const K = applyRope(tf.tile(tf.reshape(k, [1, 8]), [16, 1]) as tf.Tensor2D, range(16));
    return tf.matMul(Q, K, false, true); // [16, 16]，scores[m][n] = q_m·k_n
  });
  const scoreMatrix = await scores.array();
  tf.dispose([q, k, scores]);
  // 返回普通对象：x / y（或 values）是数据，xLabel / yLabel 给网页上的图标注坐标轴，Node 里照样能跑
  return {
    '长程衰减：打分随 m − n 的变化': { x: range(128), y: decayValues, xLabel: 'm − n', yLabel: 'q·k' },
    '打分矩阵 q_m·k_n（m, n = 0..15）': { values: scoreMatrix, xLabel: 'n（key 的位置）', yLabel: 'm（query 的位置）' },
  };
}
