import * as tf from '@tensorflow/tfjs';

/**
 * GELU(z) = z·Φ(z)，Φ 是标准正态分布的累积分布函数（Hendrycks & Gimpel 2016, arXiv 1606.08415）。
 *   approximate = 'none'：精确式 0.5·z·(1 + erf(z/√2))；Shazeer 2020 论文写的定义是 GELU(z) = zΦ(z)
 *   approximate = 'tanh'：0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))，Gemma、T5 v1.1 的实现（含 Mesh TensorFlow 原版）用这个近似
 */
export function gelu(z: tf.Tensor, approximate: 'none' | 'tanh' = 'none'): tf.Tensor {
  return tf.tidy(() => {
    if (approximate === 'tanh') {
      const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(z, tf.mul(0.044715, tf.pow(z, 3))));
      return tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(inner)));
    }
    return tf.mul(tf.mul(0.5, z), tf.add(1, tf.erf(tf.div(z, Math.SQRT2))));
  });
}

/** Swish_β(z) = z·σ(βz)（Ramachandran et al. 2017）；β = 1 时就是 SiLU，SwiGLU 用的是 Swish_1。 */
export function silu(z: tf.Tensor, beta = 1): tf.Tensor {
  return tf.tidy(() => tf.mul(z, tf.sigmoid(tf.mul(beta, z))));
}

/** 门控分支上的激活函数：输入 xW，逐元素作用。 */
export type Activation = (z: tf.Tensor) => tf.Tensor;

/**
 * Shazeer 2020（arXiv 2002.05202）式 (6) 的统一形式，省略偏置：
 *   FFN(x, W, V, W2) = (act(xW) ⊗ xV) W2
 * x: [tokens, d]，W、V: [d, dFf]，W2: [dFf, d]；⊗ 是逐元素乘。
 * act(xW) 是门控分支（HF 里的 gate_proj），xV 是线性的值分支（up_proj），W2 是 down_proj。
 */
export function gatedFfn(
  x: tf.Tensor2D,
  W: tf.Tensor2D,
  V: tf.Tensor2D,
  W2: tf.Tensor2D,
  act: Activation,
): tf.Tensor2D {
  return tf.tidy(() => {
    const gate = act(tf.matMul(x, W)); // [tokens, dFf]
    const value = tf.matMul(x, V); // [tokens, dFf]
    return tf.matMul(tf.mul(gate, value), W2) as tf.Tensor2D; // [tokens, d]
  });
}

/** FFN_GLU(x) = (σ(xW) ⊗ xV) W2：门是 sigmoid，取值在 (0, 1)。 */
export function ffnGlu(x: tf.Tensor2D, W: tf.Tensor2D, V: tf.Tensor2D, W2: tf.Tensor2D): tf.Tensor2D {
  return gatedFfn(x, W, V, W2, (z) => tf.sigmoid(z));
}

/** FFN_Bilinear(x) = (xW ⊗ xV) W2：去掉激活，两条线性支路直接相乘。 */
export function ffnBilinear(x: tf.Tensor2D, W: tf.Tensor2D, V: tf.Tensor2D, W2: tf.Tensor2D): tf.Tensor2D {
  return gatedFfn(x, W, V, W2, (z) => tf.clone(z));
}

/** FFN_ReGLU(x) = (max(0, xW) ⊗ xV) W2。 */
export function ffnReglu(x: tf.Tensor2D, W: tf.Tensor2D, V: tf.Tensor2D, W2: tf.Tensor2D): tf.Tensor2D {
  return gatedFfn(x, W, V, W2, (z) => tf.relu(z));
}

/** FFN_GEGLU(x) = (GELU(xW) ⊗ xV) W2；approximate 选精确 GELU 或 tanh 近似。 */
export function ffnGeglu(
  x: tf.Tensor2D,
  W: tf.Tensor2D,
  V: tf.Tensor2D,
  W2: tf.Tensor2D,
  approximate: 'none' | 'tanh' = 'none',
): tf.Tensor2D {
  return gatedFfn(x, W, V, W2, (z) => gelu(z, approximate));
}

/** FFN_SwiGLU(x) = (Swish_1(xW) ⊗ xV) W2，即 LLaMA 的 w2(silu(w1(x)) * w3(x))。 */
export function ffnSwiglu(x: tf.Tensor2D, W: tf.Tensor2D, V: tf.Tensor2D, W2: tf.Tensor2D): tf.Tensor2D {
  return gatedFfn(x, W, V, W2, (z) => silu(z));
}

/**
 * LLaMA 代码里 SwiGLU 隐藏层宽度的算法（meta-llama/llama 与 llama-models 的 FeedForward.__init__）：
 *   hidden = int(2 · 4d / 3)                       先按 2/3 缩小 4d，保持参数量与 4d 的两矩阵 FFN 相当
 *   hidden = int(ffnDimMultiplier · hidden)        Llama 2 70B、Llama 3 等再乘一个系数（可省略）
 *   hidden = 向上取整到 multipleOf 的倍数           为了矩阵乘法对齐
 */
export function llamaHiddenDim(d: number, multipleOf: number, ffnDimMultiplier?: number): number {
  let hidden = Math.trunc((2 * (4 * d)) / 3);
  if (ffnDimMultiplier !== undefined) hidden = Math.trunc(ffnDimMultiplier * hidden);
  return multipleOf * Math.ceil(hidden / multipleOf);
}

/** 两矩阵 FFN 的参数量（无偏置）：W1 [d, dFf] + W2 [dFf, d]。 */
export function denseFfnParams(d: number, dFf: number): number {
  return 2 * d * dFf;
}

/** 门控 FFN 的参数量（无偏置）：W、V [d, dFf] + W2 [dFf, d]，三个矩阵。 */
export function gluFfnParams(d: number, dFf: number): number {
  return 3 * d * dFf;
}

export async function main() {
  // 1) 四种“门”：z = xW 的某一维，画在 [−4, 4] 上（81 个点，步长 0.1）
  const zs = Array.from({ length: 81 }, (_, i) => (i - 40) / 10); // −4.0, −3.9, …, 4.0，0 恰好在网格上
  const z = tf.tensor1d(zs);
  const curves = tf.tidy(() => ({
    sigmoid: tf.sigmoid(z),
    relu: tf.relu(z),
    gelu: gelu(z),
    swish: silu(z),
    geluGap: tf.abs(tf.sub(gelu(z), gelu(z, 'tanh'))),
  }));
  const [sig, rel, gel, swi, gap] = await Promise.all(
    [curves.sigmoid, curves.relu, curves.gelu, curves.swish, curves.geluGap].map(async (t) =>
      Array.from(await t.data()),
    ),
  );
  tf.dispose([z, curves]);

  const at = [-2, -1, 0, 1, 2].map((v) => v * 10 + 40); // 这些 z 在网格里的下标
  const fmt = (xs: number[]) => at.map((i) => xs[i].toFixed(4).padStart(8)).join('');
  console.log(`z           ${at.map((i) => zs[i].toFixed(1).padStart(8)).join('')}`);
  console.log(`σ(z)        ${fmt(sig)}   GLU`);
  console.log(`max(0, z)   ${fmt(rel)}   ReGLU`);
  console.log(`GELU(z)     ${fmt(gel)}   GEGLU`);
  console.log(`Swish₁(z)   ${fmt(swi)}   SwiGLU`);
  const worst = gap.indexOf(Math.max(...gap));
  console.log(
    `精确 GELU 与 tanh 近似在 [−4, 4] 上的最大差：${gap[worst].toExponential(2)}（z = ${zs[worst].toFixed(1)}）`,
  );

  // 2) LLaMA 系列的隐藏层宽度：int(2·4d/3) → 乘 ffn_dim_multiplier → 向上取整到 multiple_of
  const configs: [string, number, number, number | undefined][] = [
    ['LLaMA 7B / Llama 2 7B', 4096, 256, undefined],
    ['Llama 3 8B', 4096, 1024, 1.3],
    ['Llama 3 70B', 8192, 4096, 1.3],
    ['Llama 3.1 405B', 16384, 4096, 1.2],
  ];
  console.log('SwiGLU 隐藏层宽度 hidden_dim（d，multiple_of，ffn_dim_multiplier）：');
  for (const [name, d, multipleOf, mult] of configs) {
    const hidden = llamaHiddenDim(d, multipleOf, mult);
    console.log(
      `  ${String(hidden).padStart(5)} = ${(hidden / d).toFixed(3)}·d   ${name}（${d}，${multipleOf}，${mult ?? '无'}）`,
    );
  }

  // 3) d = 4096 时一个 FFN 块的参数量（无偏置）
  const d = 4096;
  const base = denseFfnParams(d, 4 * d);
  const rows: [string, number][] = [
    ['两矩阵 FFN，d_ff = 4d = 16384', base],
    ['三矩阵 SwiGLU，d_ff = 4d（PaLM 的取法）', gluFfnParams(d, 4 * d)],
    ['三矩阵 SwiGLU，d_ff = 11008（LLaMA 7B）', gluFfnParams(d, llamaHiddenDim(d, 256))],
    ['三矩阵 SwiGLU，d_ff = 14336（Llama 3 8B）', gluFfnParams(d, llamaHiddenDim(d, 1024, 1.3))],
  ];
  console.log(`d = ${d} 时一个 FFN 块的参数量：`);
  for (const [name, n] of rows)
    console.log(`  ${n.toLocaleString('en-US').padStart(11)}（${(n / base).toFixed(4)}×）  ${name}`);

  return {
    'σ(z)：GLU 的门': sig,
    'max(0, z)：ReGLU': rel,
    'GELU(z)：GEGLU': gel,
    'Swish₁(z)：SwiGLU': swi,
  };
}
