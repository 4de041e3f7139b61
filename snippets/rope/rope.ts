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
 * 按 Meta LLaMA 的 precompute_freqs_cis 一步一步用 float32 算 θ_i：
 *   freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
 * 每一步（2i/d、base 的幂、取倒数）的结果都舍入到 float32（Math.fround）。这与“先用 float64 算好
 * 再舍入成 float32”不完全相同：d = 128、base = 10000 时 64 个频率里有 19 个差 1 ulp。
 * 用 JS 模拟而不用 tf.pow：WebGL/WebGPU 着色器里的 pow 精度不够，结果会随后端变。
 */
export function ropeFrequenciesFloat32(dHead: number, base = 10000): number[] {
  if (dHead % 2 !== 0) throw new Error(`dHead 必须是偶数，收到 ${dHead}`);
  const f32 = Math.fround;
  return Array.from({ length: dHead / 2 }, (_, i) => f32(1 / f32(f32(base) ** f32((2 * i) / dHead))));
}

/**
 * 角度表用什么精度算：'float64' 用 JS 的双精度；'float32' 同 Meta LLaMA 的 precompute_freqs_cis——
 * θ_i 按 ropeFrequenciesFloat32 在 float32 里算，位置也是 float32，m·θ_i 的乘积舍入到 float32
 * （torch.outer(t, freqs) 全在 float32）。
 */
export type AngleDtype = 'float64' | 'float32';

/**
 * 旋转位置编码 RoPE（RoFormer §3.4.2, eq. 34）：相邻两维 (x_2i, x_2i+1) 组成一对，按角度 m·θ_i 旋转：
 *   x'_2i   = x_2i · cos(m·θ_i) − x_2i+1 · sin(m·θ_i)
 *   x'_2i+1 = x_2i+1 · cos(m·θ_i) + x_2i · sin(m·θ_i)
 * 相邻配对（interleaved）同论文与 Meta LLaMA 参考代码；HF 的 rotate_half 则是前后两半配对。
 * x: [seqLen, dHead]，positions[j] 是第 j 行的位置 m。
 */
export function applyRope(
  x: tf.Tensor2D,
  positions: number[],
  base = 10000,
  angleDtype: AngleDtype = 'float64',
): tf.Tensor2D {
  const [seqLen, dHead] = x.shape;
  if (positions.length !== seqLen) throw new Error('positions 长度必须等于 seqLen');
  // 角度表在 JS 里预先算好，cos/sin 也在 JS 里算（LLaMA 同样预先算好 freqs_cis，但它的角度是 float32）：
  // 在无头 Chromium 的 WebGL/WebGPU 上实测，着色器里的 sin/cos 对几百 rad 的角度误差到 1e-3 量级
  const theta = angleDtype === 'float32' ? ropeFrequenciesFloat32(dHead, base) : ropeFrequencies(dHead, base);
  const f32 = Math.fround;
  const angles = positions.map((m) => theta.map((t) => (angleDtype === 'float32' ? f32(f32(m) * t) : m * t))); // [seqLen, dHead/2]
  return tf.tidy(() => {
    const cos = tf.tensor2d(
      angles.map((row) => row.map(Math.cos)),
      [seqLen, dHead / 2],
    );
    const sin = tf.tensor2d(
      angles.map((row) => row.map(Math.sin)),
      [seqLen, dHead / 2],
    );
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
export function attentionScore(
  q: tf.Tensor1D,
  k: tf.Tensor1D,
  m: number,
  n: number,
  base = 10000,
  angleDtype: AngleDtype = 'float64',
): tf.Scalar {
  return tf.tidy(() => {
    const qm = applyRope(tf.reshape(q, [1, -1]) as tf.Tensor2D, [m], base, angleDtype); // [1, dHead]
    const kn = applyRope(tf.reshape(k, [1, -1]) as tf.Tensor2D, [n], base, angleDtype); // [1, dHead]
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

  // 同一对 (m, n) 平移到很远处：角度表用 float64 时打分不变；用 float32 角度（Meta 的做法）时，
  // m·θ_i 的舍入误差随位置变大，q、k 的误差不再抵消，打分开始漂移
  console.log('远处的平移：float64 角度 vs float32 角度（同 LLaMA 的 torch.outer(t, freqs)）');
  for (const s of [1000, 100000, 1000000]) {
    const [exact, rounded] = [attentionScore(q, k, 5 + s, 2 + s), attentionScore(q, k, 5 + s, 2 + s, 10000, 'float32')];
    const [a, b] = [await exact.array(), await rounded.array()];
    tf.dispose([exact, rounded]);
    console.log(
      `  (m, n) = (${5 + s}, ${2 + s})  float64 角度 ${a.toFixed(6)}  float32 角度 ${b.toFixed(6)}  差 ${(b - a).toExponential(1)}`,
    );
  }

  // d = 128（LLaMA 的每头维度）时 float32 角度表本身的误差：max_i |Meta 的 float32 角度 − m·θ_i（float64）|，
  // 既含 θ_i 的舍入误差（乘上 m 后放大），也含乘积的舍入误差
  const f32 = Math.fround;
  for (const b of [10000, 500000]) {
    const [exact, meta] = [ropeFrequencies(128, b), ropeFrequenciesFloat32(128, b)];
    const angleError = (m: number) => Math.max(...exact.map((t, i) => Math.abs(f32(f32(m) * meta[i]!) - m * t)));
    console.log(
      `d = 128、base = ${b} 的 float32 角度表，最大误差（rad）：${[8192, 131072, 1000000].map((m) => `m = ${m}：${angleError(m).toExponential(1)}`).join('，')}`,
    );
  }

  // 旋转不改变长度：|R_m x| = |x|
  const [normBefore, normAfter] = tf.tidy(() => {
    const rotated = applyRope(tf.reshape(q, [1, 8]) as tf.Tensor2D, [7]); // 位置 m = 7
    return [tf.norm(q), tf.norm(rotated)] as [tf.Scalar, tf.Scalar];
  });
  console.log(
    `|q| = ${(await normBefore.array()).toFixed(6)}，|RoPE(q, m=7)| = ${(await normAfter.array()).toFixed(6)}`,
  );
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
