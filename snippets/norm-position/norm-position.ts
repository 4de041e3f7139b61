import * as tf from '@tensorflow/tfjs';

/**
 * Post-LN 与 Pre-LN 在初始化时的梯度（Xiong et al. 2020, arXiv 2002.04745, 定理 1）。
 * 为了小而可复现，每一层只有一个 FFN 子层（没有注意力）：F(x) = ReLU(x W1) W2，
 *   Post-LN：x_{l+1} = LN(x_l + F(x_l))            （原始 Transformer、BERT）
 *   Pre-LN： x_{l+1} = x_l + F(LN(x_l))，输出再过最后一个 LN（GPT-2 的 ln_f）
 * LN 不带增益和偏置（初始化时 γ = 1、β = 0，效果相同）。损失 ℒ = 1/(2n) Σ_t ‖z_t − y_t‖²。
 */

/** 可复现的均匀随机数（mulberry32，32 位整数运算）：同一个 seed 在任何引擎上给出同一串数。 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Stack {
  W1: number[][][]; // L 个 [d, h]
  W2: number[][][]; // L 个 [h, d]
  x0: number[][]; // [n, d]，输入
  target: number[][]; // [n, d]，回归目标 y
}

/**
 * 初始化：每个矩阵 U(−a, a)，a = sqrt(3 / fan_in)，方差 1/fan_in；x0、y 为 U(−√3, √3)，方差 1。
 * 生成顺序：W1[0]、W2[0]、W1[1]、……（都按行），再 x0、y。
 */
export function initStack(seed: number, L: number, d: number, h: number, n: number): Stack {
  const rand = mulberry32(seed);
  const uniform = (rows: number, cols: number, a: number) =>
    Array.from({ length: rows }, () => Array.from({ length: cols }, () => (2 * rand() - 1) * a));
  const W1: number[][][] = [];
  const W2: number[][][] = [];
  for (let l = 0; l < L; l++) {
    W1.push(uniform(d, h, Math.sqrt(3 / d)));
    W2.push(uniform(h, d, Math.sqrt(3 / h)));
  }
  return { W1, W2, x0: uniform(n, d, Math.sqrt(3)), target: uniform(n, d, Math.sqrt(3)) };
}

/** 沿最后一维的 LayerNorm，不带 γ、β：(x − μ) / sqrt(σ² + ε)，σ² 为有偏方差。x: [n, d]。 */
export function layerNorm(x: tf.Tensor2D, eps = 1e-5): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true); // 各 [n, 1]
    return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  });
}

export type Placement = 'post' | 'pre';

/** 整个栈的输出 z: [n, d]（Pre-LN 含最后一个 LN）。W1s[l]: [d, h]，W2s[l]: [h, d]。 */
export function forward(kind: Placement, x0: tf.Tensor2D, W1s: tf.Tensor2D[], W2s: tf.Tensor2D[]): tf.Tensor2D {
  return tf.tidy(() => {
    const ffn = (v: tf.Tensor2D, l: number) => tf.matMul(tf.relu(tf.matMul(v, W1s[l]!)), W2s[l]!); // [n, d]
    let x = x0;
    for (let l = 0; l < W1s.length; l++) {
      x = kind === 'post' ? layerNorm(tf.add(x, ffn(x, l))) : tf.add(x, ffn(layerNorm(x), l));
    }
    return kind === 'post' ? x : layerNorm(x);
  });
}

/**
 * 每一层 ‖∂ℒ/∂W2‖_F（Frobenius 范数），返回 [L]。Xiong 等人定理 1 给的是最后一层这个量的上界；
 * 他们的图 3(a)(b) 画的是多个 mini-batch 上平均后的期望梯度的范数，这里只算一个批次的梯度。
 */
export function w2GradNorms(
  kind: Placement,
  x0: tf.Tensor2D,
  target: tf.Tensor2D,
  W1s: tf.Tensor2D[],
  W2s: tf.Tensor2D[],
): tf.Tensor1D {
  return tf.tidy(() => {
    const n = x0.shape[0];
    const loss = (...w2: tf.Tensor[]) =>
      tf.div(tf.sum(tf.square(tf.sub(forward(kind, x0, W1s, w2 as tf.Tensor2D[]), target))), 2 * n) as tf.Scalar;
    const grads = tf.grads(loss)(W2s); // 每个 [h, d]
    return tf.stack(grads.map((g) => tf.norm(g))) as tf.Tensor1D;
  });
}

/** 对一个 Stack 算两种放法的梯度范数，返回普通数组。 */
async function gradNorms(kind: Placement, s: Stack): Promise<number[]> {
  const [x0, y] = [tf.tensor2d(s.x0), tf.tensor2d(s.target)];
  const W1s = s.W1.map((w) => tf.tensor2d(w));
  const W2s = s.W2.map((w) => tf.tensor2d(w));
  const norms = w2GradNorms(kind, x0, y, W1s, W2s);
  const values = (await norms.array()) as number[];
  tf.dispose([x0, y, norms, ...W1s, ...W2s]);
  return values;
}

export async function main() {
  const [L, d, h, n, seed] = [12, 16, 32, 16, 2002_04745];
  const stack = initStack(seed, L, d, h, n);
  const post = await gradNorms('post', stack);
  const pre = await gradNorms('pre', stack);

  const fmt = (v: number) => v.toFixed(3).padStart(7);
  console.log(`初始化时各层 ‖∂ℒ/∂W2‖（L = ${L}，d = ${d}，h = ${h}，n = ${n} 个 token）`);
  console.log('层   Post-LN  Pre-LN');
  post.forEach((p, l) => console.log(`${String(l + 1).padStart(2)} ${fmt(p)} ${fmt(pre[l]!)}`));

  // 定理 1（上界）：最后一层的梯度，Post-LN 的上界与深度无关，Pre-LN 的上界随深度按 1/√L 变小。
  // 用同一组权重的前 k 层搭出 k 层的栈，只看最后一层。
  console.log('只用前 k 层时，第 k 层的 ‖∂ℒ/∂W2‖：');
  for (const k of [1, 2, 4, 8, 12]) {
    const sub: Stack = { ...stack, W1: stack.W1.slice(0, k), W2: stack.W2.slice(0, k) };
    const [p, q] = [(await gradNorms('post', sub))[k - 1]!, (await gradNorms('pre', sub))[k - 1]!];
    console.log(`k = ${String(k).padStart(2)}  Post-LN ${fmt(p)}  Pre-LN ${fmt(q)}  比值 ${(p / q).toFixed(2)}`);
  }
  return { 'Post-LN': post, 'Pre-LN': pre };
}
