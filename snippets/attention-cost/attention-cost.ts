import * as tf from '@tensorflow/tfjs';

/**
 * 注意力的开销随序列长度 n 怎么涨：比较三种因果掩码下“要算的 (query, key) 对”有多少。
 * - 完整因果注意力：第 i 个 token（从 0 起）看 0 … i，共 n(n + 1)/2 对，O(n²)。
 * - 滑动窗口（Longformer arXiv 2004.05150；Mistral 7B arXiv 2310.06825 的 W = 4096）：
 *   只看最近 w 个 token（含自己），共 Σ min(i + 1, w) 对，n ≥ w 时为 n·w − w(w − 1)/2，O(n·w)。
 *   注意各家对“窗口”差一个的约定不同：Mistral 论文写的是位置 i − W 到 i。
 * - 分块局部（block-local / chunked）：序列切成长 b 的块，只在块内做因果注意力，
 *   块与块之间完全不通信，O(n·b)。
 * 每一对的打分 q·k 和加权求和 a·v 各要 d 次乘加，即每对每头约 4·dHead 次浮点运算。
 */

/** 完整因果掩码 [n, n]：1 = 可见（key 位置 j ≤ query 位置 i），0 = 屏蔽。 */
export function causalMask(n: number): tf.Tensor2D {
  return tf.tidy(() => {
    const i = tf.reshape(tf.range(0, n, 1, 'int32'), [n, 1]); // query 位置 [n, 1]
    const j = tf.reshape(tf.range(0, n, 1, 'int32'), [1, n]); // key 位置 [1, n]
    return tf.cast(tf.lessEqual(j, i), 'float32') as tf.Tensor2D;
  });
}

/** 滑动窗口因果掩码 [n, n]：i − w < j ≤ i，即最近 w 个 token（含自己）。 */
export function slidingWindowMask(n: number, w: number): tf.Tensor2D {
  return tf.tidy(() => {
    const i = tf.reshape(tf.range(0, n, 1, 'int32'), [n, 1]);
    const j = tf.reshape(tf.range(0, n, 1, 'int32'), [1, n]);
    const inWindow = tf.logicalAnd(tf.lessEqual(j, i), tf.greater(j, tf.sub(i, w)));
    return tf.cast(inWindow, 'float32') as tf.Tensor2D;
  });
}

/** 分块局部因果掩码 [n, n]：同一块（⌊i/b⌋ = ⌊j/b⌋）且 j ≤ i。 */
export function blockLocalMask(n: number, b: number): tf.Tensor2D {
  return tf.tidy(() => {
    const pos = tf.range(0, n, 1, 'int32');
    const block = tf.floorDiv(pos, tf.scalar(b, 'int32')); // 每个位置所在的块号 [n]
    const sameBlock = tf.equal(tf.reshape(block, [n, 1]), tf.reshape(block, [1, n]));
    const causal = tf.lessEqual(tf.reshape(pos, [1, n]), tf.reshape(pos, [n, 1]));
    return tf.cast(tf.logicalAnd(sameBlock, causal), 'float32') as tf.Tensor2D;
  });
}

/** 掩码里可见的对数：张量求和（小 n 用来核对下面的闭式）。 */
export async function countPairs(mask: tf.Tensor2D): Promise<number> {
  const s = tf.sum(mask);
  const [v = NaN] = await s.data();
  s.dispose();
  return v;
}

// ---- 大 n 用闭式（张量会是 n² 大小，放不下） ----
/** 完整因果：n(n + 1)/2。 */
export const pairsCausal = (n: number) => (n * (n + 1)) / 2;
/** 滑动窗口：n ≤ w 时同完整因果；否则 w(w + 1)/2 + (n − w)·w。 */
export const pairsSlidingWindow = (n: number, w: number) => (n <= w ? pairsCausal(n) : (w * (w + 1)) / 2 + (n - w) * w);
/** 分块局部：⌊n/b⌋ 个整块各 b(b + 1)/2，再加余下 r 个 token 的 r(r + 1)/2。 */
export const pairsBlockLocal = (n: number, b: number) => Math.floor(n / b) * pairsCausal(b) + pairsCausal(n % b);

/**
 * 一层、一个 token 平均的前向浮点运算量，拆成“注意力打分 + 加权求和”和“线性层”两部分。
 * 注意力：每对 4·dModel（所有头合起来，dModel = 头数 × dHead）。
 * 线性层（LLaMA 式，不含 GQA）：q、k、v、o 四个 dModel × dModel 投影 + SwiGLU 的三个 dModel × dFf 矩阵，
 * 每个参数一次乘加 = 2 次浮点运算。不计词表、归一化、RoPE 和 softmax 本身。
 */
export function flopsPerToken(pairs: number, n: number, dModel: number, dFf: number) {
  const attention = (4 * dModel * pairs) / n;
  const linear = 2 * (4 * dModel * dModel + 3 * dModel * dFf);
  return { attention, linear, share: attention / (attention + linear) };
}

export async function main() {
  // 1) 小例子：n = 12，窗口 w = 4，块长 b = 4，张量计数与闭式对照
  const n0 = 12;
  const w0 = 4;
  const masks = { full: causalMask(n0), sliding: slidingWindowMask(n0, w0), block: blockLocalMask(n0, w0) };
  const counted = {
    full: await countPairs(masks.full),
    sliding: await countPairs(masks.sliding),
    block: await countPairs(masks.block),
  };
  console.log(
    `n = ${n0}：完整因果 ${counted.full} 对（闭式 ${pairsCausal(n0)}），滑动窗口 w = ${w0} ${counted.sliding} 对（闭式 ${pairsSlidingWindow(n0, w0)}），分块 b = ${w0} ${counted.block} 对（闭式 ${pairsBlockLocal(n0, w0)}）`,
  );

  // 2) 大 n：窗口和块长都取 Mistral 7B 的 4096
  const w = 4096;
  const ns = Array.from({ length: 32 }, (_, k) => (k + 1) * 4096); // 4096 … 131072
  const e8 = (x: number) => x / 1e8; // 单位：亿对
  for (const n of [4096, 32768, 131072]) {
    console.log(
      `n = ${n}：完整 ${pairsCausal(n).toExponential(3)} 对，滑动窗口 ${pairsSlidingWindow(n, w).toExponential(3)}，分块 ${pairsBlockLocal(n, w).toExponential(3)}；` +
        `整张打分矩阵 bf16 每头 ${((2 * n * n) / 2 ** 30).toFixed(3)} GiB`,
    );
  }

  // 3) Llama 2 7B 的形状（dModel 4096，dFf 11008，32 头 MHA）：注意力占一层前向计算的比例
  const [dModel, dFf] = [4096, 11008];
  const share = (pairs: (n: number) => number) => ns.map((n) => flopsPerToken(pairs(n), n, dModel, dFf).share);
  const fullShare = share(pairsCausal);
  const slidingShare = share((n) => pairsSlidingWindow(n, w));
  const even = 4 * dModel + 3 * dFf - 1; // 注意力 = 线性层：4d·(n + 1)/2 = 2(4d² + 3d·dFf)，即 n + 1 = 4d + 3·dFf
  console.log(`Llama 2 7B 形状：n = ${even} 时注意力与线性层的计算量相等`);
  for (const n of [4096, 32768, 131072]) {
    const f = flopsPerToken(pairsCausal(n), n, dModel, dFf);
    const s = flopsPerToken(pairsSlidingWindow(n, w), n, dModel, dFf);
    console.log(
      `  n = ${n}：完整因果注意力占 ${(100 * f.share).toFixed(1)}%（注意力 / 线性 = ${(f.attention / f.linear).toFixed(3)}），` +
        `滑动窗口 w = ${w} 占 ${(100 * s.share).toFixed(1)}%`,
    );
  }

  const [full, sliding, block] = await Promise.all([masks.full.array(), masks.sliding.array(), masks.block.array()]);
  tf.dispose([masks.full, masks.sliding, masks.block]);
  const xLabel = '序列长度 n';
  return {
    完整因果注意力: { x: ns, y: ns.map((n) => e8(pairsCausal(n))), xLabel, yLabel: '要算的 (q, k) 对（亿）' },
    [`滑动窗口 w = ${w}`]: {
      x: ns,
      y: ns.map((n) => e8(pairsSlidingWindow(n, w))),
      xLabel,
      yLabel: '要算的 (q, k) 对（亿）',
    },
    [`分块局部 b = ${w}`]: {
      x: ns,
      y: ns.map((n) => e8(pairsBlockLocal(n, w))),
      xLabel,
      yLabel: '要算的 (q, k) 对（亿）',
    },
    '注意力占前向计算：完整因果': { x: ns, y: fullShare, xLabel, yLabel: '占一层前向 FLOPs 的比例' },
    '注意力占前向计算：滑动窗口': { x: ns, y: slidingShare, xLabel, yLabel: '占一层前向 FLOPs 的比例' },
    '掩码：完整因果（n = 12）': { values: full, xLabel: 'key 位置', yLabel: 'query 位置' },
    '掩码：滑动窗口 w = 4': { values: sliding, xLabel: 'key 位置', yLabel: 'query 位置' },
    '掩码：分块局部 b = 4': { values: block, xLabel: 'key 位置', yLabel: 'query 位置' },
  };
}
