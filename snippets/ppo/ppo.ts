import * as tf from '@tensorflow/tfjs';

/**
 * PPO 的截断代理目标（Schulman et al. 2017, arXiv 1707.06347, 式 (7)），逐 token：
 *   L_t = min(ρ_t · A_t, clip(ρ_t, 1 − ε, 1 + ε) · A_t)，ρ_t = π_θ(a_t|s_t) / π_old(a_t|s_t)
 * ratio (ρ), advantages (A): 同形状，如 [B, T]。返回的是要“最大化”的目标，损失取它的负均值。
 */
export function clipObjective<T extends tf.Tensor>(ratio: T, advantages: T, eps = 0.2): T {
  return tf.tidy(() => {
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - eps, 1 + eps), advantages);
    return tf.minimum(unclipped, clipped) as T;
  });
}

/**
 * 真正被截断的 token 比例（TRL 的 pg_clipfrac）：min 取到截断项、且截断项严格更小的 token 才算，
 * 即 ρ > 1 + ε 且 A > 0，或 ρ < 1 − ε 且 A < 0。只看 |ρ − 1| > ε 会把“在区间外但 min 取未截断项”的 token 也算进去。
 * ratio (ρ), advantages (A): 同形状 → 标量（比例）。
 */
export function clipFraction(ratio: tf.Tensor, advantages: tf.Tensor, eps = 0.2): tf.Scalar {
  return tf.tidy(() => {
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - eps, 1 + eps), advantages);
    return tf.mean(tf.cast(tf.less(clipped, unclipped), 'float32')) as tf.Scalar;
  });
}

/**
 * PPO 策略损失：ρ = exp(log π_θ − log π_old)，损失 = −mean_t L_t（所有回答等长，无 padding）。
 * logp, oldLogp, advantages: [B, T] → 标量。
 */
export function ppoLoss(logp: tf.Tensor2D, oldLogp: tf.Tensor2D, advantages: tf.Tensor2D, eps = 0.2): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(clipObjective(tf.exp(tf.sub(logp, oldLogp)), advantages, eps))) as tf.Scalar);
}

/**
 * 逐 token 的 KL 惩罚奖励（Ziegler et al. 2019, arXiv 1909.08593；InstructGPT arXiv 2203.02155 式 (2)）：
 *   r_t = −β · (log π_old(a_t) − log π_ref(a_t))，最后一个 token 再加上奖励模型的分数 r_φ(x, y)。
 * 这里的 log π 取采样时的策略（旧策略），和 TRL 的 compute_rewards 一样。
 * scores: [B]，logp, refLogp: [B, T] → rewards: [B, T]。
 */
export function klPenalizedRewards(
  scores: tf.Tensor1D,
  logp: tf.Tensor2D,
  refLogp: tf.Tensor2D,
  beta: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const T = logp.shape[1];
    const kl = tf.mul(tf.sub(logp, refLogp), -beta); // [B, T]，k1 估计量乘 −β
    const last = tf.oneHot(tf.fill([1], T - 1, 'int32'), T).reshape([1, T]); // [1, T]，只有最后一位是 1
    return tf.add(kl, tf.mul(tf.expandDims(scores, 1), last)) as tf.Tensor2D;
  });
}

/**
 * 广义优势估计 GAE（Schulman et al. 2015, arXiv 1506.02438, 式 (16)）：
 *   δ_t = r_t + γ V(s_{t+1}) − V(s_t)（回答结束后 V = 0），A_t = Σ_{l≥0} (γλ)^l δ_{t+l}
 * 不用反向递推，而是写成矩阵乘法：A = δ · M，M[j, t] = (γλ)^(j − t)（j ≥ t），否则 0。
 * rewards, values: [B, T] → { advantages, returns = A + V }: 各 [B, T]。
 */
export function gae(rewards: tf.Tensor2D, values: tf.Tensor2D, gamma = 1.0, lambda = 0.95) {
  return tf.tidy(() => {
    const [B, T] = values.shape;
    const nextValues = tf.concat([tf.slice(values, [0, 1], [B, T - 1]), tf.zeros([B, 1])], 1); // V(s_{t+1})
    const delta = tf.sub(tf.add(rewards, tf.mul(nextValues, gamma)), values); // [B, T]
    const m: number[][] = [];
    for (let j = 0; j < T; j++) m.push(Array.from({ length: T }, (_, t) => (j >= t ? (gamma * lambda) ** (j - t) : 0)));
    const advantages = tf.matMul(delta, tf.tensor2d(m)) as tf.Tensor2D; // [B, T]
    return { advantages, returns: tf.add(advantages, values) as tf.Tensor2D };
  });
}

/**
 * GRPO 的组内归一化优势（DeepSeekMath, arXiv 2402.03300, 4.1.2 节，结果监督）：
 *   Â_i = (r_i − mean(r)) / std(r)，同一问题的 G 个回答为一组，回答 i 的每个 token 都用 Â_i。
 * 论文没写 std 除以 G 还是 G − 1；这里用 G − 1（torch.std 的默认），分母加 eps 防止全组同分时除零。
 * rewards: [nGroups, G] → [nGroups, G]。
 */
export function grpoAdvantages(rewards: tf.Tensor2D, eps = 1e-4): tf.Tensor2D {
  return tf.tidy(() => {
    const G = rewards.shape[1];
    const mean = tf.mean(rewards, 1, true); // [nGroups, 1]
    const std = tf.sqrt(tf.div(tf.sum(tf.square(tf.sub(rewards, mean)), 1, true), G - 1));
    return tf.div(tf.sub(rewards, mean), tf.add(std, eps)) as tf.Tensor2D;
  });
}

/**
 * GRPO 放进损失里的 KL（DeepSeekMath 式 (4)，即 k3 估计量）：π_ref/π_θ − log(π_ref/π_θ) − 1 ≥ 0。
 * logp, refLogp: [B, T] → [B, T]。
 */
export function k3Kl(logp: tf.Tensor2D, refLogp: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const logRatio = tf.sub(refLogp, logp);
    return tf.sub(tf.sub(tf.exp(logRatio), logRatio), 1) as tf.Tensor2D;
  });
}

/**
 * 显存账（只算权重和优化器状态，不含激活、KV cache）：混合精度 Adam 每个参数 16 字节
 * （fp16/bf16 权重 2 + 梯度 2 + fp32 主权重 4 + 一阶矩 4 + 二阶矩 4，ZeRO 论文 3.1 节）；只做推理 2 字节。
 * 返回 GB（10^9 字节）。
 */
export function weightMemoryGB(paramsBillion: number, trained: boolean): number {
  return paramsBillion * (trained ? 16 : 2);
}

export async function main() {
  // 一个问题、G = 4 个采样回答，每个 6 个 token（示意数值）
  const oldLogp = tf.tensor2d([
    [-1.2, -0.8, -2.0, -0.5, -1.5, -0.3],
    [-0.9, -1.1, -0.7, -1.8, -0.6, -1.0],
    [-1.5, -2.2, -0.4, -0.9, -1.3, -0.8],
    [-0.7, -0.5, -1.6, -1.1, -0.9, -0.4],
  ]); // 采样时策略 π_old 给每个 token 的 log 概率
  const refLogp = tf.tensor2d([
    [-1.3, -0.9, -1.8, -0.7, -1.6, -0.5],
    [-1.0, -1.0, -0.9, -1.7, -0.8, -1.1],
    [-1.4, -2.0, -0.6, -1.0, -1.2, -0.9],
    [-0.9, -0.6, -1.5, -1.3, -1.0, -0.6],
  ]); // 冻结的参考模型（SFT）
  const values = tf.tensor2d([
    [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    [0.2, 0.2, 0.3, 0.2, 0.1, 0.2],
    [0.0, -0.1, -0.2, -0.3, -0.3, -0.4],
    [0.4, 0.5, 0.5, 0.6, 0.7, 0.7],
  ]); // critic 给每个位置的 V(s_t)
  const scores = tf.tensor1d([1.0, 0.2, -0.5, 0.8]); // 奖励模型对 4 个完整回答的打分
  const delta = tf.tensor2d([
    [0.1, -0.05, 0.3, 0.0, -0.25, 0.05],
    [-0.1, 0.2, 0.0, 0.05, -0.05, 0.15],
    [0.05, -0.3, 0.1, 0.0, 0.2, -0.1],
    [0.0, 0.1, -0.15, 0.25, 0.05, 0.0],
  ]); // 几步更新之后 log π_θ − log π_old
  const [beta, gamma, lambda, eps] = [0.05, 1.0, 0.95, 0.2];

  const out = tf.tidy(() => {
    const logp = tf.add(oldLogp, delta) as tf.Tensor2D;
    const rewards = klPenalizedRewards(scores, oldLogp, refLogp, beta);
    const { advantages, returns } = gae(rewards, values, gamma, lambda);
    const grpo = grpoAdvantages(tf.reshape(scores, [1, 4]) as tf.Tensor2D); // [1, 4]
    const grpoTok = tf.tile(tf.reshape(grpo, [4, 1]), [1, 6]) as tf.Tensor2D; // 每个 token 同一个 Â_i
    const ppo = ppoLoss(logp, oldLogp, advantages, eps);
    // GRPO 损失：−mean(L_clip − β·KL_k3)，KL 在损失里、不在奖励里（回答等长，故 1/G Σ 1/|o| Σ_t = 全局均值）
    const clipG = clipObjective(tf.exp(delta) as tf.Tensor2D, grpoTok, eps);
    const grpoLoss = tf.neg(tf.mean(tf.sub(clipG, tf.mul(k3Kl(logp, refLogp), beta))));
    // 落在 [1 − ε, 1 + ε] 之外的 token 比例，和 min 真正取到截断项的比例（TRL 的 pg_clipfrac）不是一回事
    const outside = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(tf.exp(delta), 1)), eps), 'float32'));
    const clipFrac = clipFraction(tf.exp(delta) as tf.Tensor2D, advantages, eps);
    const grid = tf.linspace(0.5, 1.5, 21);
    return {
      rewards,
      advantages,
      returns,
      grpo: tf.reshape(grpo, [4]),
      ppo,
      grpoLoss,
      outside,
      clipFrac,
      pos: clipObjective(grid, tf.onesLike(grid), eps),
      neg: clipObjective(grid, tf.onesLike(grid).neg(), eps),
      grid,
    };
  });
  // [回答, token] 的逐 token 量、每个回答一个数的 GRPO 优势，以及几个标量
  const [rewards, adv, grpo, ppo, grpoLoss, outside, clipFrac] = (await Promise.all([
    out.rewards.array(),
    out.advantages.array(),
    out.grpo.array(),
    out.ppo.array(),
    out.grpoLoss.array(),
    out.outside.array(),
    out.clipFrac.array(),
  ])) as [number[][], number[][], number[], number, number, number, number];
  const series = {
    'GAE 优势（回答 0，逐 token）': adv[0] ?? [],
    'GRPO 优势（回答 0，逐 token）': Array<number>(6).fill(grpo[0] ?? NaN),
    'L_clip(ρ)，A = +1': await out.pos.array(),
    'L_clip(ρ)，A = −1': await out.neg.array(),
  };
  tf.dispose([oldLogp, refLogp, values, scores, delta, out]);

  const fmt = (r: number[]) => r.map((v) => v.toFixed(3).padStart(8)).join('');
  console.log(`KL 惩罚后的逐 token 奖励（β = ${beta}，RM 分数加在最后一个 token）：`);
  rewards.forEach((r, i) => console.log(`  回答 ${i} ${fmt(r)}`));
  console.log(`GAE 优势（γ = ${gamma}，λ = ${lambda}）：`);
  adv.forEach((r, i) => console.log(`  回答 ${i} ${fmt(r)}`));
  console.log(`GRPO 优势（组内 (r − mean)/std，每个 token 相同）：${fmt(grpo)}`);
  console.log(`落在截断区间外的 token 比例（|ρ − 1| > ${eps}）：${(outside * 100).toFixed(1)}%`);
  console.log(`真正被截断的 token 比例（min 取截断项，GAE 优势，TRL 的 pg_clipfrac）：${(clipFrac * 100).toFixed(1)}%`);
  console.log(`PPO 截断损失（GAE 优势）= ${ppo.toFixed(4)}`);
  console.log(`GRPO 损失（组内优势 + β·k3 KL）= ${grpoLoss.toFixed(4)}`);

  // 显存账：7B 策略 + 7B critic + 7B 参考 + 7B 奖励模型（只算权重与优化器状态）
  const full = 2 * weightMemoryGB(7, true) + 2 * weightMemoryGB(7, false);
  const grpoMem = weightMemoryGB(7, true) + 2 * weightMemoryGB(7, false);
  console.log(`PPO 四个 7B 模型：${weightMemoryGB(7, true)} × 2 + ${weightMemoryGB(7, false)} × 2 = ${full} GB`);
  console.log(
    `去掉 critic（GRPO/RLOO/ReMax）：${grpoMem} GB；再把奖励换成规则打分：${grpoMem - weightMemoryGB(7, false)} GB`,
  );
  return series;
}
