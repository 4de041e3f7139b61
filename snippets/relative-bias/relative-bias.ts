import * as tf from '@tensorflow/tfjs';

/**
 * T5 的相对位置分桶（Raffel et al. 2019, arXiv 1910.10683, §2.1；Hugging Face modeling_t5.py 的
 * `_relative_position_bucket` 给出了实现细节）。relativePosition = j − i（key 位置减 query 位置）。
 *   - 双向（encoder）：一半桶给 j − i ≤ 0，另一半（编号 + numBuckets/2）给 j − i > 0，距离取 |j − i|。
 *   - 单向（decoder）：距离取 max(i − j, 0)，j > i 的未来位置都落进桶 0（反正会被因果掩码盖住）。
 * 每个方向内：距离 n < maxExact（= 该方向桶数的一半）时一个距离一个桶；
 *   n ≥ maxExact 时桶号 = maxExact + ⌊ln(n / maxExact) / ln(maxDistance / maxExact) · (桶数 − maxExact)⌋，
 *   再封顶到该方向的最后一个桶。
 * relativePosition: int32 张量（任意形状），返回同形状的 int32 桶号，取值 [0, numBuckets)。
 */
export function t5RelativeBucket(
  relativePosition: tf.Tensor,
  bidirectional = true,
  numBuckets = 32,
  maxDistance = 128,
): tf.Tensor {
  return tf.tidy(() => {
    const rel = tf.cast(relativePosition, 'int32');
    const perSide = bidirectional ? numBuckets / 2 : numBuckets; // 每个方向可用的桶数
    const maxExact = perSide / 2;
    // 方向偏移：双向时 key 在 query 之后（j − i > 0）的用后一半桶
    const offset = bidirectional
      ? tf.mul(tf.cast(tf.greater(rel, 0), 'int32'), tf.scalar(perSide, 'int32'))
      : tf.zerosLike(rel);
    // 距离 n ≥ 0
    const n = bidirectional ? tf.abs(rel) : tf.relu(tf.neg(rel));
    // 对数区：先把 n 抬到至少 maxExact，避免 ln(0)；n < maxExact 的位置最后由 where 换成 n 本身
    const nFloat = tf.maximum(tf.cast(n, 'float32'), maxExact);
    // + 1e-4：n = 2·maxExact、4·maxExact … 时上式恰好是整数，GPU 上 ln 的舍入可能把 2 算成 1.9999999，
    // 取整后差一个桶；默认配置下 n < maxDistance 的其他取值离最近的整数都在 0.01 以上，不受影响
    const logScaled = tf.add(
      tf.mul(tf.div(tf.log(tf.div(nFloat, maxExact)), Math.log(maxDistance / maxExact)), perSide - maxExact),
      1e-4,
    );
    // 整数标量显式写成 int32：wasm 后端里 int32 张量与 JS 数字运算会得到 float32，
    // 再和 int32 的 n 一起进 tf.where 时按位混读，结果全错（cpu 后端不受影响）
    const large = tf.minimum(
      tf.add(tf.cast(tf.floor(logScaled), 'int32'), tf.scalar(maxExact, 'int32')),
      tf.scalar(perSide - 1, 'int32'),
    );
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
  const q = tf.tensor2d([[1, 0, 0.5, -1], [0, 1, 1, 0], [0.5, -0.5, 0, 1], [1, 1, 0, 0]]);
  const k = tf.tensor2d([[0, 1, 0, 1], [1, 0, -1, 0], [0.5, 0.5, 0.5, 0.5], [-1, 0, 1, 0]]);
  const wK = tf.tensor2d([[0.2, 0, 0, 0], [0, 0.2, 0, 0], [0, 0, 0, 0], [0, 0, 0.2, 0], [0, 0, 0, 0.2]]);
  const scoresT = shawScores(q, k, wK, 2);
  const scores = (await scoresT.array()) as number[][];
  console.log('Shaw 打分 e_ij（行 i = query，列 j = key）：');
  for (const row of scores) console.log(row.map((v) => v.toFixed(3).padStart(7)).join(''));

  tf.dispose([relT, biT, causalT, q, k, wK, scoresT]);
  return { 'T5 双向分桶（j − i = −200 … 200）': bi, 'T5 单向分桶（j − i = −200 … 200）': causal, 'Shaw 打分 e_ij': scores };
}
