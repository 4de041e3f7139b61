import * as tf from '@tensorflow/tfjs';

/**
 * T5 分桶里对数区每个桶的起点（Raffel et al. 2019, arXiv 1910.10683, §2.1；实现细节见 Hugging Face
 * modeling_t5.py 的 `_relative_position_bucket`）。记 S = 每个方向的桶数、E = ⌊S/2⌋（= maxExact）、
 * D = maxDistance。距离 n ≥ E 时，桶号 = E + ⌊ln(n / E) / ln(D / E) · (S − E)⌋，再封顶到 S − 1。
 * 所以第 b 个对数桶（b = 1 … S − E − 1，桶号 E + b）从满足 n ≥ E · (D / E)^(b / (S − E)) 的最小整数 n 开始。
 * 这里用普通的 JS 数字（float64）算出这些整数起点，不进张量：若在张量里用 float32 算 ln 再取整，
 * 离整数很近的值（起点恰为整数，或像 4.99992 这样只差万分之一）会因舍入或各后端 ln 的精度差一个桶；
 * 先算好起点，张量里就只剩整数比较。
 * 返回 S − E − 1 个起点，依次对应桶 E + 1 … S − 1（不含方向偏移）。
 */
export function t5LogBucketStarts(bidirectional = true, numBuckets = 32, maxDistance = 128): number[] {
  const perSide = bidirectional ? Math.floor(numBuckets / 2) : numBuckets; // 每个方向可用的桶数 S
  const maxExact = Math.floor(perSide / 2); // 一个距离一个桶的个数 E
  if (maxExact < 1 || maxDistance <= maxExact) throw new Error(`需要 maxDistance > ${maxExact} 且每个方向至少 2 个桶`);
  const logBuckets = perSide - maxExact; // 对数区的桶数 S − E
  return Array.from({ length: logBuckets - 1 }, (_, i) => {
    const b = i + 1;
    const t = maxExact * (maxDistance / maxExact) ** (b / logBuckets); // 精确的起点，一般不是整数
    // t 恰为整数时（例如默认配置的 8 · 16^(2/8) = 16），pow 只要多舍入出一点（16.000000000000004），
    // 直接向上取整就会多出 1；所以与最近整数的相对差在 1e-9 以内就当作整数（测试里的设置 pow 都算得精确）
    const r = Math.round(t);
    return Math.abs(t - r) <= 1e-9 * t ? r : Math.ceil(t);
  });
}

/**
 * T5 的相对位置分桶。测试里在 8 组（方向、桶数、最大距离）设置上与 Hugging Face `_relative_position_bucket`
 * 的结果逐个相同，包括它用 float32 算出 4.99992、6.99998 这类紧挨整数的值的位置。
 * relativePosition = j − i（key 位置减 query 位置）。
 *   - 双向（encoder）：一半桶给 j − i ≤ 0，另一半（编号 + numBuckets/2）给 j − i > 0，距离取 |j − i|。
 *   - 单向（decoder）：距离取 max(i − j, 0)，j > i 的未来位置都落进桶 0（反正会被因果掩码盖住）。
 * 每个方向内：距离 n < maxExact（= 该方向桶数的一半）时一个距离一个桶；n ≥ maxExact 时，
 * 桶号 = maxExact + n 越过的对数桶起点个数（起点见 t5LogBucketStarts），自然封顶在该方向的最后一个桶。
 * relativePosition: int32 张量（任意形状），返回同形状的 int32 桶号，取值 [0, numBuckets)。
 */
export function t5RelativeBucket(
  relativePosition: tf.Tensor,
  bidirectional = true,
  numBuckets = 32,
  maxDistance = 128,
): tf.Tensor {
  const perSide = bidirectional ? Math.floor(numBuckets / 2) : numBuckets; // 每个方向可用的桶数
  const maxExact = Math.floor(perSide / 2);
  const starts = t5LogBucketStarts(bidirectional, numBuckets, maxDistance); // 普通数字，不是张量
  return tf.tidy(() => {
    const rel = tf.cast(relativePosition, 'int32');
    // 整数标量一律显式写成 int32：wasm 后端里 int32 张量与 JS 数字运算会得到 float32，
    // 再和 int32 张量一起进 tf.where 时按位混读，结果全错（cpu 后端不受影响）
    // 方向偏移：双向时 key 在 query 之后（j − i > 0）的用后一半桶
    const offset = bidirectional
      ? tf.mul(tf.cast(tf.greater(rel, tf.scalar(0, 'int32')), 'int32'), tf.scalar(perSide, 'int32'))
      : tf.zerosLike(rel);
    // 距离 n ≥ 0
    const n = bidirectional ? tf.abs(rel) : tf.relu(tf.neg(rel));
    // 对数区：从 maxExact 起，每越过一个起点加 1
    let large: tf.Tensor = tf.fill(n.shape, maxExact, 'int32');
    for (const s of starts) {
      large = tf.add(large, tf.cast(tf.greaterEqual(n, tf.scalar(s, 'int32')), 'int32'));
    }
    const inSide = tf.where(tf.less(n, tf.scalar(maxExact, 'int32')), n, large);
    return tf.add(offset, inSide);
  });
}

/**
 * Shaw et al. 2018（arXiv 1803.02155）的相对位置打分（§3.1–3.2）：
 *   e_ij = q_i · (k_j + a^K_ij) / √d，  a^K_ij = w^K_clip(j − i, maxRel)，clip(x, k) = max(−k, min(k, x))
 * wK 是 2·maxRel + 1 个可学习向量，第 r 行对应相对距离 r − maxRel。
 * q: [n, d]，k: [n, d]，wK: [2·maxRel + 1, d]；返回 e: [n, n]（softmax 之前）。
 */
export function shawScores(q: tf.Tensor2D, k: tf.Tensor2D, wK: tf.Tensor2D, maxRel: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [n, d] = q.shape;
    if (wK.shape[0] !== 2 * maxRel + 1) throw new Error(`wK 必须有 2·maxRel + 1 = ${2 * maxRel + 1} 行`);
    const pos = tf.range(0, n, 1, 'int32');
    const rel = tf.sub(tf.reshape(pos, [1, n]), tf.reshape(pos, [n, 1])); // [n, n]，(i, j) 处是 j − i
    // clip(j − i, maxRel) + maxRel：整数运算全用 int32 标量（wasm 后端对 int32 的 clipByValue 不可靠）
    const lo = tf.scalar(-maxRel, 'int32');
    const hi = tf.scalar(maxRel, 'int32');
    const index = tf.add(tf.minimum(tf.maximum(rel, lo), hi), hi); // [n, n]，取值 0 … 2·maxRel
    const aK = tf.gather(wK, tf.reshape(index, [-1])).reshape([n, n, d]); // [n, n, d]：a^K_ij
    const content = tf.matMul(q, k, false, true); // [n, n]：q_i · k_j
    const position = tf.sum(tf.mul(tf.reshape(q, [n, 1, d]), aK), 2); // [n, n]：q_i · a^K_ij
    return tf.div(tf.add(content, position), Math.sqrt(d)) as tf.Tensor2D;
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export async function main() {
  // 1) T5 分桶：j − i 从 −200 到 200
  const rel = range(-200, 200);
  const relT = tf.tensor1d(rel, 'int32');
  const biT = t5RelativeBucket(relT, true);
  const causalT = t5RelativeBucket(relT, false);
  const [bi, causal] = [(await biT.array()) as number[], (await causalT.array()) as number[]];
  // 打印每个桶从哪个距离开始（只看 j − i ≤ 0 的一侧）
  const starts = (buckets: number[]) => {
    const out: string[] = [];
    for (let x = 0; x <= 200; x++) {
      const b = buckets[rel.indexOf(-x)];
      if (x === 0 || b !== buckets[rel.indexOf(-(x - 1))]) out.push(`${x}→${b}`);
    }
    return out.join(' ');
  };
  console.log(`双向，距离→桶（j ≤ i 一侧）：${starts(bi)}`);
  console.log(`双向，j − i = +1, +8, +91, +200 → ${[1, 8, 91, 200].map((x) => bi[rel.indexOf(x)]).join(', ')}`);
  console.log(`单向，距离→桶：${starts(causal)}`);

  // 2) Shaw 相对打分：4 个 token，d = 4，maxRel = 2（wK 有 5 行，对应 j − i = −2 … 2）
  const q = tf.tensor2d([
    [1, 0, 0.5, -1],
    [0, 1, 1, 0],
    [0.5, -0.5, 0, 1],
    [1, 1, 0, 0],
  ]);
  const k = tf.tensor2d([
    [0, 1, 0, 1],
    [1, 0, -1, 0],
    [0.5, 0.5, 0.5, 0.5],
    [-1, 0, 1, 0],
  ]);
  const wK = tf.tensor2d([
    [0.2, 0, 0, 0],
    [0, 0.2, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0.2, 0],
    [0, 0, 0, 0.2],
  ]);
  const scoresT = shawScores(q, k, wK, 2);
  const scores = (await scoresT.array()) as number[][];
  console.log('Shaw 打分 e_ij（行 i = query，列 j = key）：');
  for (const row of scores) console.log(row.map((v) => v.toFixed(3).padStart(7)).join(''));

  tf.dispose([relT, biT, causalT, q, k, wK, scoresT]);
  return {
    'T5 双向分桶（j − i = −200 … 200）': bi,
    'T5 单向分桶（j − i = −200 … 200）': causal,
    'Shaw 打分 e_ij': scores,
  };
}
