import * as tf from '@tensorflow/tfjs';

/**
 * DeepNorm（Wang et al. 2022, DeepNet, arXiv 2203.00555）：
 *   子层：x_{l+1} = LN(α·x_l + G_l(x_l, θ_l))            （4.1 节；α = 1 就是 Post-LN）
 *   初始化：FFN 的两个矩阵、注意力的 v_proj 和 out_proj 按 β 缩小；q_proj、k_proj 不缩（增益 1）
 * 常数只取决于架构和层数（图 2(b)、4.3 节、附录 B/C）。N = 编码器层数，M = 解码器层数。
 */
export type Arch = 'encoder' | 'decoder' | 'encoder-decoder';
export interface AlphaBeta {
  alpha: number;
  beta: number;
}

export function deepnormConstants(arch: Arch, N = 0, M = 0): { encoder?: AlphaBeta; decoder?: AlphaBeta } {
  if (arch === 'encoder') return { encoder: { alpha: (2 * N) ** 0.25, beta: (8 * N) ** -0.25 } };
  if (arch === 'decoder') return { decoder: { alpha: (2 * M) ** 0.25, beta: (8 * M) ** -0.25 } };
  // 编码器-解码器：0.81、0.87 是论文把 27^(−1/16)、27^(1/16)/√2 取两位小数（附录 B）
  const x = N ** 4 * M;
  return {
    encoder: { alpha: 0.81 * x ** (1 / 16), beta: 0.87 * x ** (-1 / 16) },
    decoder: { alpha: (3 * M) ** 0.25, beta: (12 * M) ** -0.25 },
  };
}

/** 可复现的 32 位伪随机数（mulberry32），返回 [0, 1) 的数；reference.py 用同一算法生成同样的权重。 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Xavier 均匀初始化乘以增益 gain：U(−a, a)，a = gain·sqrt(6 / (fanIn + fanOut))。返回 [fanIn, fanOut]，按行取数。 */
export function xavierUniform(rand: () => number, fanIn: number, fanOut: number, gain = 1): tf.Tensor2D {
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  const values = Float32Array.from({ length: fanIn * fanOut }, () => (2 * rand() - 1) * a);
  return tf.tensor2d(values, [fanIn, fanOut]);
}

/** 一层 = 一个单头因果自注意力子层 + 一个 FFN 子层。y = x·W，所以 W 的形状是 [输入维, 输出维]。 */
export interface LayerParams {
  wq: tf.Tensor2D;
  wk: tf.Tensor2D;
  wv: tf.Tensor2D;
  wo: tf.Tensor2D;
  w1: tf.Tensor2D;
  w2: tf.Tensor2D;
}
export const PARAM_NAMES = ['wq', 'wk', 'wv', 'wo', 'w1', 'w2'] as const;

/** DeepNorm 的初始化：v_proj、out_proj、FFN 乘 β；q_proj、k_proj 增益为 1（引理 4.1：它们不改变输出量级）。 */
export function initLayer(rand: () => number, d: number, dFF: number, beta = 1): LayerParams {
  return {
    wq: xavierUniform(rand, d, d, 1),
    wk: xavierUniform(rand, d, d, 1),
    wv: xavierUniform(rand, d, d, beta),
    wo: xavierUniform(rand, d, d, beta),
    w1: xavierUniform(rand, d, dFF, beta),
    w2: xavierUniform(rand, dFF, d, beta),
  };
}

/** 不带增益和偏置的 LayerNorm（初始化时增益 = 1、偏置 = 0），沿最后一维。x: [T, d]。 */
export function layerNorm(x: tf.Tensor2D, eps = 1e-5): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true); // 各 [T, 1]
    return tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  });
}

/** 单头因果自注意力：softmax(Q·Kᵀ/√d + 掩码)·V·W_O。x: [T, d]。 */
export function causalAttention(x: tf.Tensor2D, p: LayerParams): tf.Tensor2D {
  return tf.tidy(() => {
    const [T, d] = x.shape;
    const q = tf.matMul(x, p.wq),
      k = tf.matMul(x, p.wk),
      v = tf.matMul(x, p.wv); // 各 [T, d]
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d)); // [T, T]
    const future = tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)); // 上三角（j > i）为 1
    const weights = tf.softmax(tf.sub(scores, tf.mul(future, 1e9)));
    return tf.matMul(tf.matMul(weights, v), p.wo);
  });
}

/** FFN：ReLU(x·W1)·W2，[T, d] → [T, dFF] → [T, d]。 */
export function ffn(x: tf.Tensor2D, p: LayerParams): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(tf.relu(tf.matMul(x, p.w1)), p.w2));
}

/** DeepNorm 子层：LN(α·x + G(x))。α = 1 时就是 Post-LN。 */
export function deepnormSublayer(x: tf.Tensor2D, G: (x: tf.Tensor2D) => tf.Tensor2D, alpha: number): tf.Tensor2D {
  return tf.tidy(() => layerNorm(tf.add(tf.mul(x, alpha), G(x))));
}

export type Norm = 'post' | 'pre' | 'deepnorm';

/**
 * 整个堆叠的输出 F(x; θ)。
 *   post / deepnorm：每个子层 x ← LN(α·x + G(x))（post 取 α = 1）
 *   pre：每个子层 x ← x + G(LN(x))，最后再做一次 LN（GPT-2、LLaMA 的写法）
 */
export function forward(x: tf.Tensor2D, layers: LayerParams[], norm: Norm, alpha = 1): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    for (const p of layers) {
      const sublayers = [(z: tf.Tensor2D) => causalAttention(z, p), (z: tf.Tensor2D) => ffn(z, p)];
      for (const G of sublayers) {
        h = norm === 'pre' ? tf.add(h, G(layerNorm(h))) : deepnormSublayer(h, G, norm === 'post' ? 1 : alpha);
      }
    }
    return norm === 'pre' ? layerNorm(h) : h;
  });
}

/**
 * 一步更新的写法：
 *   'sgd'  ：θ ← θ − η·∂L/∂θ，即定理 4.2 分析的 SGD；
 *   'sign' ：θ ← θ − η·sign(∂L/∂θ)，Adam 第一步的样子（每个元素都移动 η，方向跟着梯度符号）。
 * alpha、beta 不给时用 deepnormConstants('decoder', 0, N)；只对 'deepnorm' 起作用（post、pre 恒为 1）。
 */
export type Step = 'sgd' | 'sign';
export interface UpdateOptions {
  d?: number;
  dFF?: number;
  T?: number;
  lr?: number;
  alpha?: number;
  beta?: number;
  step?: Step;
}

/** 把 6N 个矩阵的扁平列表还原成每层一组参数（顺序同 PARAM_NAMES）。 */
function toLayers(ws: tf.Tensor[]): LayerParams[] {
  const layers: LayerParams[] = [];
  for (let i = 0; i < ws.length; i += PARAM_NAMES.length) {
    layers.push(Object.fromEntries(PARAM_NAMES.map((k, j) => [k, ws[i + j]])) as unknown as LayerParams);
  }
  return layers;
}

/**
 * 论文的“模型更新”：参数走一步之后，同一输入的输出变了多少，‖ΔF‖ = ‖F(x; θ − ηg) − F(x; θ)‖（4.2 节）。
 * 梯度 g 来自一个固定的线性损失 L = ⟨F(x; θ), r⟩（r 是随机的固定方向，种子固定），用 tf.grads 求。
 * 返回 ‖ΔF‖ 的均方根（除以 √(T·d)），单位与 F 的元素相同；F 经过 LN，均方根约为 1。N 层 = 2N 个子层。
 */
export async function updateSize(norm: Norm, N: number, seed: number, opts: UpdateOptions = {}): Promise<number> {
  const { d = 16, dFF = 64, T = 8, lr = 1e-3, step = 'sgd' } = opts;
  const c = deepnormConstants('decoder', 0, N).decoder!;
  const [alpha, beta] = norm === 'deepnorm' ? [opts.alpha ?? c.alpha, opts.beta ?? c.beta] : [1, 1];
  const size = tf.tidy(() => {
    const rand = mulberry32(seed);
    const layers = Array.from({ length: N }, () => initLayer(rand, d, dFF, beta));
    const uniform = (g: () => number) =>
      // 均匀分布，方差为 1，形状 [T, d]
      tf.tensor2d(
        Float32Array.from({ length: T * d }, () => (2 * g() - 1) * Math.sqrt(3)),
        [T, d],
      );
    const x = uniform(mulberry32(1000 + seed)); // 输入
    const r = uniform(mulberry32(5000 + seed)); // 损失的方向
    const flat = layers.flatMap((p) => PARAM_NAMES.map((k) => p[k] as tf.Tensor));
    const loss = (...ws: tf.Tensor[]) => tf.sum(tf.mul(forward(x, toLayers(ws), norm, alpha), r)); // 标量
    const grads = tf.grads(loss)(flat); // ∂L/∂θ，与 flat 一一对应
    const stepped = flat.map((w, i) => tf.sub(w, tf.mul(step === 'sgd' ? grads[i]! : tf.sign(grads[i]!), lr)));
    const delta = tf.sub(forward(x, toLayers(stepped), norm, alpha), forward(x, layers, norm, alpha));
    return tf.sqrt(tf.mean(tf.square(delta)));
  });
  // 异步读回：WebGPU 后端在 Web Worker 里同步读（dataSync）会读到全 0
  const [value] = await size.data();
  size.dispose();
  return value!;
}

export const DEPTHS = [1, 2, 4, 8, 16, 32];
export const SEEDS = [1];

export async function main() {
  // 1) 常数：论文图 2(b) 的四行，代入几个真实层数
  const f = (v: number) => v.toFixed(3);
  for (const [label, arch, N, M] of [
    ['仅编码器 N = 24', 'encoder', 24, 0],
    ['仅解码器 M = 24', 'decoder', 0, 24],
    ['仅解码器 M = 70', 'decoder', 0, 70],
    ['编码器-解码器 6L-6L', 'encoder-decoder', 6, 6],
    ['编码器-解码器 100L-100L', 'encoder-decoder', 100, 100],
    ['编码器-解码器 500L-500L', 'encoder-decoder', 500, 500],
  ] as const) {
    const c = deepnormConstants(arch, N, M);
    const parts = Object.entries(c).map(
      ([part, ab]) => `${part === 'encoder' ? '编码器' : '解码器'} α = ${f(ab.alpha)}, β = ${f(ab.beta)}`,
    );
    console.log(`${label}：${parts.join('；')}`);
  }

  // 2) 沿 ∂L/∂θ 走一步 SGD（η = 0.001）后输出变化的均方根（一组固定种子的随机初始化；SEEDS 可以加种子取平均）
  const series: Record<string, number[]> = {};
  const norms: [string, Norm][] = [
    ['Post-LN', 'post'],
    ['Pre-LN', 'pre'],
    ['DeepNorm', 'deepnorm'],
  ];
  console.log(`\n一步 SGD（η = 0.001）后的 ‖ΔF‖（均方根，种子 ${SEEDS.join(', ')}），层数 N = ${DEPTHS.join(', ')}`);
  for (const [name, norm] of norms) {
    // 每个层数：各种子的 ‖ΔF‖ 取平均。想试提示里的变体，就给 updateSize 加第四个参数，例如 { step: 'sign' }
    const values: number[] = [];
    for (const N of DEPTHS) {
      let sum = 0;
      for (const seed of SEEDS) sum += await updateSize(norm, N, seed);
      values.push(sum / SEEDS.length);
    }
    series[name] = values;
    console.log(`${name.padEnd(9)}${values.map((v) => v.toExponential(2).padStart(10)).join('')}`);
  }
  // 三条线相差两个数量级，画 log10 才看得清
  return Object.fromEntries(Object.entries(series).map(([k, v]) => [`${k}：log10 ‖ΔF‖`, v.map(Math.log10)]));
}
