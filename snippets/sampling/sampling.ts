import * as tf from '@tensorflow/tfjs';

// 被过滤掉的 token 的 logit：−∞，softmax 后概率恰为 0（同 Hugging Face 的 filter_value）
const FILTERED = -Infinity;

/** 温度缩放：softmax(z / T)。T < 1 让分布更尖（T → 0 趋于 argmax），T > 1 更平。 */
export function applyTemperature(logits: tf.Tensor1D, temperature: number): tf.Tensor1D {
  return tf.div(logits, temperature);
}

/** Top-k：只保留 logit 最大的 k 个 token，其余置 −∞（同 HF TopKLogitsWarper）。logits: [vocab] */
export function topKFilter(logits: tf.Tensor1D, k: number): tf.Tensor1D {
  return tf.tidy(() => {
    const kthLargest = tf.slice(tf.topk(logits, k).values, [k - 1], [1]); // [1]，第 k 大的 logit
    return tf.where(tf.less(logits, kthLargest), tf.fill([logits.shape[0]], FILTERED), logits);
  });
}

/**
 * Top-p / nucleus（Holtzman et al. 2019, §3.1）：按概率从大到小取最小的集合 V⁽ᵖ⁾，使
 *   Σ_{x ∈ V⁽ᵖ⁾} P(x) ≥ p，
 * 即越过 p 的那个 token 也保留（同 HF TopPLogitsWarper）。集合外置 −∞。
 */
export function topPFilter(logits: tf.Tensor1D, p: number): tf.Tensor1D {
  return tf.tidy(() => {
    const vocab = logits.shape[0];
    const sortedLogits = tf.topk(logits, vocab).values; // [vocab]，降序
    const sortedProbs = tf.softmax(sortedLogits);
    const probBefore = tf.cumsum(sortedProbs, 0, true); // exclusive：排在它前面的概率之和
    const keep = tf.less(probBefore, p); // 前面还没凑够 p → 它要保留
    // 保留集合里最小的 logit 作门槛（固定 logits 无并列，按值比较即可，省去 scatter）
    const threshold = tf.min(tf.where(keep, sortedLogits, tf.fill([vocab], Infinity)));
    return tf.where(tf.less(logits, threshold), tf.fill([vocab], FILTERED), logits);
  });
}

/**
 * Min-p（Nguyen et al. 2024, §3）：门槛随最大概率缩放，p_scaled = p_base · p_max，
 * 只保留 P(x) ≥ p_scaled 的 token（同 HF MinPLogitsWarper：先 softmax，再与 min_p · max 比较）。
 * 模型越有把握（p_max 越大），门槛越高、留下的越少；分布越平，留下的越多。集合外置 −∞。
 */
export function minPFilter(logits: tf.Tensor1D, minP: number): tf.Tensor1D {
  return tf.tidy(() => {
    const probs = tf.softmax(logits); // [vocab]
    const threshold = tf.mul(tf.max(probs), minP); // 标量 p_base · p_max
    return tf.where(tf.less(probs, threshold), tf.fill([logits.shape[0]], FILTERED), logits);
  });
}

/**
 * 重复惩罚（CTRL, Keskar et al. 2019, §4.1）：p_i ∝ exp(x_i / (T·I(i ∈ g)))，I = penalty 若 i 已生成，否则 1。
 * 论文对所有 logit 都做除法，但负 logit 除以 penalty 反而变大；HF RepetitionPenaltyLogitsProcessor
 * 因此改为 logit > 0 除以 penalty、logit < 0 乘以 penalty：两种情况 logit 都变小，
 * 但重新归一化后该 token 的概率不一定变小（见 main 的输出）。这里按 HF。
 * 同一个 id 出现多次也只罚一次。
 */
export function repetitionPenalty(logits: tf.Tensor1D, previousIds: number[], penalty: number): tf.Tensor1D {
  return tf.tidy(() => {
    const seen: boolean[] = new Array(logits.shape[0]).fill(false);
    for (const id of previousIds) seen[id] = true; // 去重：只标记，不累计
    const penalized = tf.where(tf.less(logits, 0), tf.mul(logits, penalty), tf.div(logits, penalty));
    return tf.where(tf.tensor1d(seen, 'bool'), penalized, logits) as tf.Tensor1D;
  });
}

export async function main() {
  // 续写“今天天气真”时的下一个 token（词表只有 10 个，logits 为虚构）
  const tokens = ['好', '不错', '晴朗', '热', '冷', '糟糕', '，', '的', '。', '<eos>'];
  const logits = tf.tensor1d([3.0, 2.4, 1.9, 1.2, 0.6, 0.1, -0.4, -1.0, -1.6, -2.5]);
  const previousIds = [0, 6, 0]; // 已经生成过“好”“，”“好”

  const variants: Record<string, tf.Tensor1D> = {
    raw: logits,
    'T=0.5': applyTemperature(logits, 0.5),
    'T=1.5': applyTemperature(logits, 1.5),
    'top-k=3': topKFilter(logits, 3),
    'top-p=0.9': topPFilter(logits, 0.9),
    'penalty=1.3': repetitionPenalty(logits, previousIds, 1.3),
  };
  const probs: Record<string, number[]> = {};
  for (const [name, z] of Object.entries(variants)) {
    const p = tf.softmax(z);
    probs[name] = await p.array();
    tf.dispose([p, z]); // z 为 raw 时即 logits 本身
  }

  // 每行一个 token，每列一种变换后的概率。token 列放最前，窄屏上也看得出每行是哪个 token；
  // 汉字和全角标点在等宽字体里占两格，按显示宽度补齐
  const columns = Object.values(probs);
  const tokenCell = (text: string) => text.padEnd(7 - [...text].filter((ch) => ch > '\u2e80').length);
  console.log(
    tokenCell('token') +
      Object.keys(probs)
        .map((name) => name.padStart(12))
        .join(''),
  );
  tokens.forEach((token, i) => {
    console.log(tokenCell(token) + columns.map((column) => column[i]?.toFixed(4).padStart(12)).join(''));
  });
  // 返回普通对象：labels 是柱子的名字（token），values 是概率；网页画成柱状图，Node 里照样能跑
  return Object.fromEntries(
    Object.entries(probs).map(([name, p]) => [
      name,
      { labels: tokens, values: p, xLabel: '下一个 token', yLabel: '概率' },
    ]),
  );
}
