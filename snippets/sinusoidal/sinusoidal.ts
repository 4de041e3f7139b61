import * as tf from '@tensorflow/tfjs';

/**
 * 正弦位置编码的频率 ω_i = 1 / base^(2i/d_model)，i = 0 … d_model/2 − 1（Vaswani et al. 2017,
 * arXiv 1706.03762, §3.5）。第 i 对维度的波长是 2π / ω_i，从 2π（i = 0）几何递增到接近 base·2π。
 */
export function frequencies(dModel: number, base = 10000): number[] {
  if (dModel % 2 !== 0) throw new Error(`dModel 必须是偶数，收到 ${dModel}`);
  return Array.from({ length: dModel / 2 }, (_, i) => 1 / base ** ((2 * i) / dModel));
}

/**
 * 正弦位置编码矩阵（§3.5）：
 *   PE(pos, 2i)   = sin(pos · ω_i)
 *   PE(pos, 2i+1) = cos(pos · ω_i)
 * 返回 [nPos, dModel]，第 pos 行就是加到位置 pos 的词向量上的那个向量。
 * 角度 pos·ω_i 与 sin/cos 在 JS 的 float64 里算好再转成 float32：GPU 后端着色器里的 sin/cos
 * 对几百弧度的角度误差可达 1e-3 量级（同 rope.ts 的做法）。
 */
export function sinusoidalPE(nPos: number, dModel: number, base = 10000): tf.Tensor2D {
  const omega = frequencies(dModel, base);
  const angles = Array.from({ length: nPos }, (_, pos) => omega.map((w) => pos * w)); // [nPos, dModel/2]
  return tf.tidy(() => {
    const sin = tf.tensor2d(
      angles.map((row) => row.map(Math.sin)),
      [nPos, dModel / 2],
    );
    const cos = tf.tensor2d(
      angles.map((row) => row.map(Math.cos)),
      [nPos, dModel / 2],
    );
    return tf.reshape(tf.stack([sin, cos], 2), [nPos, dModel]); // 交错：第 2i 列 sin，第 2i+1 列 cos
  });
}

/**
 * 平移 k 对应的线性变换 M(k)：[dModel, dModel]，分块对角，第 i 块作用在 (PE(pos,2i), PE(pos,2i+1)) 上：
 *   [sin(a + b)]   [ cos b   sin b] [sin a]
 *   [cos(a + b)] = [−sin b   cos b] [cos a]，  a = pos·ω_i，b = k·ω_i
 * 这是一个转角为 b 的二维旋转（行列式 1），只依赖 k，不依赖 pos：PE(pos + k) = M(k) · PE(pos)。
 */
export function offsetMatrix(k: number, dModel: number, base = 10000): tf.Tensor2D {
  const omega = frequencies(dModel, base);
  const m: number[][] = []; // 按行拼出：第 2i、2i+1 行只有第 i 块非零
  omega.forEach((w, i) => {
    const [c, s] = [Math.cos(k * w), Math.sin(k * w)];
    const even = new Array<number>(dModel).fill(0);
    const odd = new Array<number>(dModel).fill(0);
    even[2 * i] = c;
    even[2 * i + 1] = s;
    odd[2 * i] = -s;
    odd[2 * i + 1] = c;
    m.push(even, odd);
  });
  return tf.tensor2d(m, [dModel, dModel]);
}

/**
 * 用 M(k) 从每一行 PE(pos) 预测 PE(pos + k)。pe: [nPos, dModel]（行向量），返回 [nPos, dModel]。
 * 行向量形式：PE(pos + k)ᵀ = PE(pos)ᵀ · M(k)ᵀ。
 */
export function shiftByMatrix(pe: tf.Tensor2D, k: number, base = 10000): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(pe, offsetMatrix(k, pe.shape[1], base), false, true));
}

/**
 * 两个位置的编码内积 PE(p) · PE(p + k)，k = 0 … nPos − 1 − p。展开后等于 Σ_i cos(k·ω_i)，
 * 只依赖 k，而且是 k 的偶函数：内积本身分不出“前面 k 个”还是“后面 k 个”。
 * pe: [nPos, dModel]，返回 [nPos − p]。
 */
export function dotProfile(pe: tf.Tensor2D, p: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [nPos, dModel] = pe.shape;
    const row = tf.slice(pe, [p, 0], [1, dModel]); // [1, dModel]
    const rest = tf.slice(pe, [p, 0], [nPos - p, dModel]); // [nPos − p, dModel]
    return tf.reshape(tf.matMul(row, rest, false, true), [nPos - p]) as tf.Tensor1D;
  });
}

/** 预测 PE(pos + k) 与真实 PE(pos + k) 的最大绝对误差，pos = 0 … nPos − 1 − k。 */
export function shiftError(pe: tf.Tensor2D, k: number, base = 10000): tf.Scalar {
  return tf.tidy(() => {
    const [nPos, dModel] = pe.shape;
    const predicted = tf.slice(shiftByMatrix(pe, k, base), [0, 0], [nPos - k, dModel]);
    const actual = tf.slice(pe, [k, 0], [nPos - k, dModel]);
    return tf.max(tf.abs(tf.sub(predicted, actual))) as tf.Scalar;
  });
}

export async function main() {
  const [nPos, dModel, base] = [128, 64, 10000]; // 试试把 base 改成 100
  const pe = sinusoidalPE(nPos, dModel, base); // [128, 64]
  const omega = frequencies(dModel, base);
  console.log(
    `d_model = ${dModel}，base = ${base}：波长从 2π ≈ ${(2 * Math.PI).toFixed(2)} 到 ${((2 * Math.PI) / Math.min(...omega)).toFixed(0)} 个位置`,
  );

  // 1) 平移 = 每对维度各转一个只依赖 k 的角度
  for (const k of [1, 10, 100]) {
    const err = shiftError(pe, k, base);
    console.log(
      `k = ${String(k).padStart(3)}：max |M(k)·PE(pos) − PE(pos + k)| = ${(await err.array()).toExponential(2)}`,
    );
    err.dispose();
  }

  // 2) 内积只依赖距离 k，且对 ±k 对称
  const profile0 = dotProfile(pe, 0); // PE(0)·PE(k)，k = 0 … 127
  const profile40 = dotProfile(pe, 40); // PE(40)·PE(40 + k)，k = 0 … 87
  const [p0, p40] = [await profile0.array(), await profile40.array()];
  const at = (xs: number[], i: number) => xs[i] ?? NaN; // 越界时得到 NaN，而不是悄悄变成 0
  const gap = Math.max(...p40.map((v, k) => Math.abs(v - at(p0, k))));
  console.log(`PE(0)·PE(k) 与 PE(40)·PE(40 + k) 的最大差（k ≤ 87）：${gap.toExponential(2)}`);
  console.log(
    `PE(p)·PE(p + k)：${[0, 1, 2, 5, 10, 20, 50, 100].map((k) => `k=${k}: ${at(p0, k).toFixed(2)}`).join('，')}`,
  );
  const from60 = dotProfile(pe, 60); // [0] 是 PE(60)·PE(60)，[5] 是 PE(60)·PE(65)
  const from55 = dotProfile(pe, 55); // [5] 是 PE(55)·PE(60)
  const [fwd5, bwd5] = [at(await from60.array(), 5), at(await from55.array(), 5)];
  console.log(`PE(60)·PE(65) = ${fwd5.toFixed(4)}，PE(60)·PE(55) = ${bwd5.toFixed(4)}：向后、向前同一距离，内积相同`);

  const heatmap = (await pe.array()) as number[][];
  tf.dispose([pe, profile0, profile40, from60, from55]);
  return { 'PE 矩阵（行：位置 0–127，列：维度 0–63）': heatmap, 'PE(0)·PE(k)，k = 0–127': p0 };
}
