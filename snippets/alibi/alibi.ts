import * as tf from '@tensorflow/tfjs';

/**
 * ALiBi 每个头的斜率 m（Press et al. 2021, arXiv 2108.12409, §3；官方代码
 * ofirpress/attention_with_linear_biases 的 fairseq/models/transformer.py 里的 get_slopes）。
 * n 是 2 的幂：首项 2^(−8/n)、公比 2^(−8/n) 的等比数列，8 个头就是 1/2, 1/4, …, 1/256。
 * n 不是 2 的幂：先取不超过 n 的最大 2 的幂 P，用 P 个头的斜率；
 * 再从 2P 个头的斜率里隔一个取一个（下标 0, 2, 4, …），补足剩下的 n − P 个。
 * 斜率不参与训练，只由头数决定。
 */
export function alibiSlopes(nHeads: number): number[] {
  if (!Number.isInteger(nHeads) || nHeads < 1) throw new Error(`nHeads 必须是正整数，收到 ${nHeads}`);
  const powerOf2 = (n: number) => {
    const start = 2 ** -(2 ** -(Math.log2(n) - 3)); // = 2^(−8/n)
    return Array.from({ length: n }, (_, i) => start * start ** i); // start · ratio^i，ratio = start
  };
  if (Number.isInteger(Math.log2(nHeads))) return powerOf2(nHeads);
  const closest = 2 ** Math.floor(Math.log2(nHeads));
  const extra = alibiSlopes(2 * closest)
    .filter((_, i) => i % 2 === 0)
    .slice(0, nHeads - closest);
  return [...powerOf2(closest), ...extra];
}

/**
 * 偏置矩阵 B：[nHeads, seqLen, seqLen]，query 在第 i 行、key 在第 j 列（从 0 起）。
 *   B[h, i, j] = −m_h · (i − j)，j ≤ i（对角线为 0，越远越负）
 *   B[h, i, j] = −Infinity，     j > i（因果掩码：softmax 后权重恰好为 0）
 * 上三角用 −Infinity 而不是 −1e9 之类的大负数：与论文“把偏置加进因果掩码”的写法
 * （官方代码 triu(fill_with_neg_inf) + alibi）一致，softmax 后精确为 0；每行至少有对角线一个有限值，
 * 不会出现整行 −Infinity 导致的 NaN。
 */
export function alibiBias(nHeads: number, seqLen: number, slopes = alibiSlopes(nHeads)): tf.Tensor3D {
  if (slopes.length !== nHeads) throw new Error('slopes 的个数必须等于 nHeads');
  return tf.tidy(() => {
    const i = tf.reshape(tf.range(0, seqLen), [seqLen, 1]); // query 位置，[L, 1]
    const j = tf.reshape(tf.range(0, seqLen), [1, seqLen]); // key 位置，[1, L]
    const distance = tf.sub(i, j); // i − j，[L, L]
    const m = tf.reshape(tf.tensor1d(slopes), [nHeads, 1, 1]); // [h, 1, 1]
    const linear = tf.mul(tf.neg(m), distance); // −m·(i − j)，[h, L, L]
    const future = tf.broadcastTo(tf.greater(j, i), [nHeads, seqLen, seqLen]); // j > i
    return tf.where(future, tf.fill([nHeads, seqLen, seqLen], -Infinity), linear) as tf.Tensor3D;
  });
}

/**
 * BLOOM / 官方 fairseq 的省事写法：每行只加 m·j（与 query 位置 i 无关），再加因果掩码。
 * 第 i 行与 −m·(i − j) 只差常数 m·i，softmax(x + c) = softmax(x)，所以注意力权重完全相同；
 * 这样偏置只需 [nHeads, 1, seqLen] 一行，在 batch 和 query 两个维度上广播。
 */
export function alibiBiasShifted(nHeads: number, seqLen: number, slopes = alibiSlopes(nHeads)): tf.Tensor3D {
  return tf.tidy(() => {
    const j = tf.reshape(tf.range(0, seqLen), [1, 1, seqLen]); // [1, 1, L]
    const row = tf.mul(tf.reshape(tf.tensor1d(slopes), [nHeads, 1, 1]), j); // m·j，[h, 1, L]
    const i = tf.reshape(tf.range(0, seqLen), [seqLen, 1]);
    const future = tf.greater(tf.reshape(j, [1, seqLen]), i); // [L, L]
    const mask = tf.where(future, tf.fill([seqLen, seqLen], -Infinity), tf.zeros([seqLen, seqLen])); // [L, L]
    return tf.add(row, mask) as tf.Tensor3D; // 广播成 [h, L, L]
  });
}

/**
 * 注意力权重 softmax(q kᵀ / √d + B)：偏置加在缩放之后、softmax 之前，本身不乘 1/√d
 * （同 fairseq 先缩放 q 再加 mask，也同 F.scaled_dot_product_attention 的 attn_mask）。
 * q, k: [nHeads, seqLen, d]，bias: [nHeads, seqLen, seqLen]（或可广播的形状）。返回 [nHeads, seqLen, seqLen]。
 */
export function attentionWeights(q: tf.Tensor3D, k: tf.Tensor3D, bias: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => {
    const d = q.shape[2];
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d)); // [h, L, L]
    return tf.softmax(tf.add(scores, bias)) as tf.Tensor3D; // 沿最后一维（key）归一化
  });
}

/** 注意力输出 softmax(q kᵀ / √d + B) v：[nHeads, seqLen, d]。ALiBi 不碰 value。 */
export function alibiAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, bias: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => tf.matMul(attentionWeights(q, k, bias), v) as tf.Tensor3D);
}

const fmt = (xs: number[]) => xs.map((x) => x.toPrecision(4)).join(', ');

export async function main() {
  for (const n of [8, 12]) {
    const slopes = alibiSlopes(n);
    console.log(`${n} 个头的斜率：${fmt(slopes)}`);
    console.log(`  即 2^(−k)，k = ${slopes.map((m) => +(-Math.log2(m)).toFixed(6)).join(', ')}`);
  }
  const s40 = alibiSlopes(40);
  const [first, last32] = [s40[0] ?? NaN, s40[31] ?? NaN];
  console.log(
    `40 个头：前 32 个 ${first.toPrecision(4)} … ${last32.toPrecision(4)}，补上的 8 个 ${fmt(s40.slice(32))}`,
  );

  const nHeads = 8;
  const seqLen = 8;
  const bias = alibiBias(nHeads, seqLen); // [8, 8, 8]

  // q = k = 0：打分全为 0，权重只由偏置决定，看得清每个头“看多远”
  const zeros = tf.zeros([nHeads, seqLen, 4]) as tf.Tensor3D;
  const pureBias = attentionWeights(zeros, zeros, bias); // [8, 8, 8]

  // 一组固定的非零 q、k（d = 4），核对 BLOOM 的 m·j 写法给出同样的权重
  const qk = (phase: number) =>
    tf.tensor3d(
      Array.from({ length: nHeads }, (_, h) =>
        Array.from({ length: seqLen }, (_, i) =>
          Array.from({ length: 4 }, (_, c) => Math.sin(0.7 * i + 1.3 * c + 0.5 * h + phase)),
        ),
      ),
    );
  const [q, k] = [qk(0), qk(1)];
  const shifted = alibiBiasShifted(nHeads, seqLen);
  const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(attentionWeights(q, k, bias), attentionWeights(q, k, shifted)))));
  const [maxGap = NaN] = await gap.data();
  console.log(`−m(i−j) 与 BLOOM 的 m·j 两种偏置：注意力权重最大差 ${maxGap.toExponential(1)}`);

  const [biasHead0, weightsHead0, lastRowSteep, lastRowFlat] = tf.tidy(() => [
    tf.squeeze(tf.slice(bias, [0, 0, 0], [1, seqLen, seqLen]), [0]), // 头 1，m = 1/2
    tf.squeeze(tf.slice(pureBias, [0, 0, 0], [1, seqLen, seqLen]), [0]),
    tf.reshape(tf.slice(pureBias, [0, seqLen - 1, 0], [1, 1, seqLen]), [seqLen]), // 头 1 最后一行
    tf.reshape(tf.slice(pureBias, [nHeads - 1, seqLen - 1, 0], [1, 1, seqLen]), [seqLen]), // 头 8 最后一行
  ]);
  const steep = Array.from(await lastRowSteep.data());
  const flat = Array.from(await lastRowFlat.data());
  console.log(`q = k = 0 时第 ${seqLen} 个（最后一个）query 的权重（key 0 … ${seqLen - 1}）：`);
  console.log(`  头 1（m = 1/2）：  ${steep.map((x) => x.toFixed(4)).join(' ')}`);
  console.log(`  头 8（m = 1/256）：${flat.map((x) => x.toFixed(4)).join(' ')}`);

  tf.dispose([bias, zeros, pureBias, q, k, shifted, gap, lastRowSteep, lastRowFlat]);
  return {
    '偏置矩阵，头 1（m = 1/2）': biasHead0,
    '注意力权重，头 1（q = k = 0）': weightsHead0,
    '最后一个 query 的权重，m = 1/2': steep,
    '最后一个 query 的权重，m = 1/256': flat,
  };
}
