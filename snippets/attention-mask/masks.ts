import * as tf from '@tensorflow/tfjs';

/**
 * 因果掩码（causal mask），加性写法：[L, L]，query 在第 i 行、key 在第 j 列（从 0 起）。
 *   M[i, j] = 0，         j ≤ i（看得见自己和左边）
 *   M[i, j] = −Infinity，j > i（看不见右边；softmax 后权重恰好为 0）
 * 与 UniLM（Dong et al. 2019, arXiv 1905.03197, §2.1）的 softmax(QKᵀ/√d + M) 同一写法。
 */
export function causalMask(seqLen: number): tf.Tensor2D {
  return tf.tidy(() => {
    const i = tf.reshape(tf.range(0, seqLen), [seqLen, 1]); // [L, 1]
    const j = tf.reshape(tf.range(0, seqLen), [1, seqLen]); // [1, L]
    const visible = tf.lessEqual(j, i); // j ≤ i，[L, L]
    return tf.where(visible, tf.zeros([seqLen, seqLen]), tf.fill([seqLen, seqLen], -Infinity)) as tf.Tensor2D;
  });
}

/**
 * 前缀 LM 掩码（prefix LM / non-causal decoder）：前 prefixLen 个位置是前缀。
 *   可见 ⇔ j ≤ i 或 j < prefixLen
 * 于是：前缀内部两两可见（双向）；前缀看不见后面的目标；目标看得见整个前缀和自己左边的目标。
 * ChatGLM-6B 的 get_masks 就是这样构造的：先取下三角，再把所有行的前 context_length 列置 1。
 */
export function prefixLmMask(seqLen: number, prefixLen: number): tf.Tensor2D {
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > seqLen)
    throw new Error(`prefixLen 必须是 0…${seqLen} 的整数，收到 ${prefixLen}`);
  return tf.tidy(() => {
    const i = tf.reshape(tf.range(0, seqLen), [seqLen, 1]);
    const j = tf.reshape(tf.range(0, seqLen), [1, seqLen]);
    const visible = tf.logicalOr(tf.lessEqual(j, i), tf.less(j, prefixLen)); // [L, L]
    return tf.where(visible, tf.zeros([seqLen, seqLen]), tf.fill([seqLen, seqLen], -Infinity)) as tf.Tensor2D;
  });
}

/** 把加性掩码换成可见性矩阵：0 → 1（可见），−Infinity → 0（不可见），便于画热力图。 */
export function visibility(mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.isFinite(mask), 'float32') as tf.Tensor2D);
}

/**
 * 注意力权重 softmax(q kᵀ / √d + M)：q, k: [L, d]，M: [L, L]，返回 [L, L]（每行和为 1）。
 * 掩码加在缩放之后、softmax 之前，同 F.scaled_dot_product_attention 的 attn_mask。
 */
export function attentionWeights(q: tf.Tensor2D, k: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const d = q.shape[1];
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d)); // [L, L]
    return tf.softmax(tf.add(scores, mask)) as tf.Tensor2D; // 沿 key 维归一化
  });
}

/** 注意力输出 softmax(q kᵀ / √d + M) v：[L, d]。 */
export function maskedAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(attentionWeights(q, k, mask), v) as tf.Tensor2D);
}

/**
 * 损失掩码：长度 L − 1，第 i 项表示“位置 i 预测第 i + 1 个 token”这一项是否计入损失。
 *   因果 LM 预训练（prefixLen = 0）：全部计入。
 *   前缀 LM：只有被预测的 token 属于目标（i + 1 ≥ prefixLen）时才计入，即 i ≥ prefixLen − 1。
 * 前缀内部不能算损失：位置 i < prefixLen − 1 在双向注意力下已经看见了第 i + 1 个 token，答案泄露。
 */
export function lossMask(seqLen: number, prefixLen: number): number[] {
  return Array.from({ length: seqLen - 1 }, (_, i) => (i + 1 >= prefixLen ? 1 : 0));
}

/** 每行的差的 L2 范数：‖a_i − b_i‖，a, b: [L, d]，返回 [L]。 */
export function rowDiff(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(tf.sub(a, b)), 1)) as tf.Tensor1D);
}

export async function main() {
  const L = 6; // 序列长度（示意）
  const P = 3; // 前缀长度：位置 0、1、2 是前缀，3、4、5 是目标
  const d = 4;
  // 一组固定的“隐藏状态” x：[L, d]。示意起见不做投影，q = k = v = x。
  const x = tf.tensor2d(
    Array.from({ length: L }, (_, i) => Array.from({ length: d }, (_, c) => Math.sin(0.9 * i + 1.7 * c + 0.3))),
  );
  const causal = causalMask(L);
  const prefix = prefixLmMask(L, P);

  // 第一层：同样的打分，只换掩码
  const h1Causal = maskedAttention(x, x, x, causal);
  const h1Prefix = maskedAttention(x, x, x, prefix);
  // 第二层：把第一层输出当作下一层输入（仍然 q = k = v），看差异怎样传到目标位置
  const h2Causal = maskedAttention(h1Causal, h1Causal, h1Causal, causal);
  const h2Prefix = maskedAttention(h1Prefix, h1Prefix, h1Prefix, prefix);

  const [visCausal, visPrefix, wPrefix, diff1, diff2] = tf.tidy(() => [
    visibility(causal),
    visibility(prefix),
    attentionWeights(x, x, prefix),
    rowDiff(h1Causal, h1Prefix),
    rowDiff(h2Causal, h2Prefix),
  ]);
  const d1 = Array.from(await diff1.data());
  const d2 = Array.from(await diff2.data());
  const fmt = (xs: number[]) => xs.map((v) => v.toFixed(4)).join('  ');
  console.log(`序列长 ${L}，前缀长 ${P}（位置 0…${P - 1} 是前缀）`);
  console.log(`第 1 层，两种掩码下各位置输出之差 ‖Δh_i‖：${fmt(d1)}`);
  console.log(`第 2 层，两种掩码下各位置输出之差 ‖Δh_i‖：${fmt(d2)}`);

  const causalLoss = lossMask(L, 0);
  const prefixLoss = lossMask(L, P);
  const labels = causalLoss.map((_, i) => `位置 ${i} → x${i + 1}`);
  console.log(
    `损失掩码（位置 i 预测 x_(i+1)）：因果 LM [${causalLoss.join(', ')}]，前缀 LM [${prefixLoss.join(', ')}]`,
  );

  tf.dispose([x, causal, prefix, h1Causal, h1Prefix, h2Causal, h2Prefix, diff1, diff2]);
  return {
    '因果掩码：第 i 行能看到的列（1 = 可见）': {
      values: await arr(visCausal),
      xLabel: 'key 位置 j',
      yLabel: 'query 位置 i',
    },
    [`前缀 LM 掩码，前缀长 ${P}（1 = 可见）`]: {
      values: await arr(visPrefix),
      xLabel: 'key 位置 j',
      yLabel: 'query 位置 i',
    },
    '前缀 LM 的注意力权重（第 1 层）': { values: await arr(wPrefix), xLabel: 'key 位置 j', yLabel: 'query 位置 i' },
    '第 1 层输出之差 ‖Δh_i‖': { values: d1, xLabel: '位置 i', yLabel: '‖Δh‖' },
    '第 2 层输出之差 ‖Δh_i‖': { values: d2, xLabel: '位置 i', yLabel: '‖Δh‖' },
    '损失掩码：因果 LM': { labels, values: causalLoss },
    '损失掩码：前缀 LM': { labels, values: prefixLoss },
  };
}

/** 读出 2-D 张量并释放它。 */
async function arr(t: tf.Tensor2D): Promise<number[][]> {
  const a = await t.array();
  t.dispose();
  return a;
}
