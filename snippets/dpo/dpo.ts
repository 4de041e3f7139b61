import * as tf from '@tensorflow/tfjs';

/**
 * 序列对数概率：把回答部分每个 token 的 log π(y_t | x, y_<t) 加起来（prompt 与填充位 mask = 0）。
 * DPO 用的是整段回答的 log π(y|x)，即逐 token 对数概率之和；SimPO 再除以长度 |y|。
 * tokenLogps, mask: [B, T] → { sum: [B], length: [B] }
 */
export function sequenceLogProb(tokenLogps: tf.Tensor2D, mask: tf.Tensor2D): { sum: tf.Tensor1D; length: tf.Tensor1D } {
  return tf.tidy(() => ({
    sum: tf.sum(tf.mul(tokenLogps, mask), -1) as tf.Tensor1D,
    length: tf.sum(mask, -1) as tf.Tensor1D,
  }));
}

/**
 * 隐式奖励（DPO 论文第 4 节梯度分析与第 5 节）：r̂(x, y) = β · (log π_θ(y|x) − log π_ref(y|x))。
 * 它只在同一个 prompt 内、差一个与 y 无关的 β log Z(x) 时才有意义，所以只看 chosen 与 rejected 的差。
 * 各 [B] → 各 [B]
 */
export function impliedRewards(
  piChosen: tf.Tensor1D,
  piRejected: tf.Tensor1D,
  refChosen: tf.Tensor1D,
  refRejected: tf.Tensor1D,
  beta: number,
): { chosen: tf.Tensor1D; rejected: tf.Tensor1D } {
  return tf.tidy(() => ({
    chosen: tf.mul(beta, tf.sub(piChosen, refChosen)) as tf.Tensor1D,
    rejected: tf.mul(beta, tf.sub(piRejected, refRejected)) as tf.Tensor1D,
  }));
}

/**
 * 对数比之差 Δ = [log π(y_w) − log π_ref(y_w)] − [log π(y_l) − log π_ref(y_l)]，即 TRL 里的 logits。
 * 各 [B] → [B]
 */
export function logRatioGap(
  piChosen: tf.Tensor1D,
  piRejected: tf.Tensor1D,
  refChosen: tf.Tensor1D,
  refRejected: tf.Tensor1D,
): tf.Tensor1D {
  return tf.tidy(() => tf.sub(tf.sub(piChosen, refChosen), tf.sub(piRejected, refRejected)) as tf.Tensor1D);
}

/**
 * DPO 损失（Rafailov et al. 2023, arXiv 2305.18290, 式 (7)），逐样本：
 *   L = −log σ(β · Δ)
 * TRL DPOTrainer 早期（commit 9d58faa）的 dpo_loss 就是这一行；当前版本（commit f2cd577）把它放在 loss_type = "sigmoid" 下。各 [B] → [B]
 */
export function dpoLoss(
  piChosen: tf.Tensor1D,
  piRejected: tf.Tensor1D,
  refChosen: tf.Tensor1D,
  refRejected: tf.Tensor1D,
  beta: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const delta = logRatioGap(piChosen, piRejected, refChosen, refRejected);
    return tf.neg(tf.logSigmoid(tf.mul(beta, delta))) as tf.Tensor1D;
  });
}

/**
 * 梯度权重：∂L/∂Δ = −β · σ(−βΔ)。σ(−βΔ) = σ(r̂_l − r̂_w) 是 DPO 论文 4 节梯度式里的那个权重：
 * 隐式奖励把这一对排错（Δ < 0）时接近 1，排得越对越接近 0。Δ: [N] → [N]
 */
export function dpoGradWeight(delta: tf.Tensor1D, beta: number): tf.Tensor1D {
  return tf.tidy(() => tf.sigmoid(tf.mul(-beta, delta)) as tf.Tensor1D);
}

/** 奖励准确率（r̂_w > r̂_l 的比例）与平均奖励差 mean(r̂_w − r̂_l)，TRL 当前版本记为 rewards/accuracies、rewards/margins（早期为 rewards_train/accuracies 等）。 */
export function rewardStats(chosen: tf.Tensor1D, rejected: tf.Tensor1D): { accuracy: tf.Scalar; margin: tf.Scalar } {
  return tf.tidy(() => ({
    accuracy: tf.mean(tf.cast(tf.greater(chosen, rejected), 'float32')) as tf.Scalar,
    margin: tf.mean(tf.sub(chosen, rejected)) as tf.Scalar,
  }));
}

/**
 * SimPO（Meng et al. 2024, arXiv 2405.14734, 式 (6)）：不要参考模型，奖励是按长度平均的对数概率，再减目标间隔 γ：
 *   L = −log σ( β/|y_w| · log π(y_w|x) − β/|y_l| · log π(y_l|x) − γ )
 * sum*、len*: [B] → [B]
 */
export function simpoLoss(
  sumChosen: tf.Tensor1D,
  lenChosen: tf.Tensor1D,
  sumRejected: tf.Tensor1D,
  lenRejected: tf.Tensor1D,
  beta: number,
  gamma: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const gap = tf.sub(tf.div(sumChosen, lenChosen), tf.div(sumRejected, lenRejected)); // 平均对数概率之差
    return tf.neg(tf.logSigmoid(tf.sub(tf.mul(beta, gap), gamma))) as tf.Tensor1D;
  });
}

/**
 * IPO（Azar et al. 2023, arXiv 2310.12036, 式 (17)）：把 −log σ 换成平方损失，让 Δ 回归到 1/(2τ)，
 * Δ 不会被推向无穷大。各 [B] → [B]
 */
export function ipoLoss(
  piChosen: tf.Tensor1D,
  piRejected: tf.Tensor1D,
  refChosen: tf.Tensor1D,
  refRejected: tf.Tensor1D,
  tau: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const delta = logRatioGap(piChosen, piRejected, refChosen, refRejected);
    return tf.square(tf.sub(delta, 1 / (2 * tau))) as tf.Tensor1D;
  });
}

export async function main() {
  // 示意：4 对回答，每行 6 个位置的逐 token 对数概率（mask = 0 的是填充位）
  const mask = tf.tensor2d([
    [1, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 1],
    [1, 1, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 0],
  ]);
  const maskL = tf.tensor2d([
    [1, 1, 1, 0, 0, 0],
    [1, 1, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 0, 0, 0],
  ]);
  const piW = tf.tensor2d([
    [-0.5, -1.0, -0.8, -0.2, 0, 0],
    [-0.3, -0.6, -0.9, -1.1, -0.4, -0.7],
    [-1.2, -0.4, 0, 0, 0, 0],
    [-0.6, -0.6, -0.5, -0.9, -0.3, 0],
  ]);
  const refW = tf.tensor2d([
    [-0.7, -1.1, -0.9, -0.4, 0, 0],
    [-0.5, -0.6, -1.0, -1.3, -0.6, -0.8],
    [-1.0, -0.5, 0, 0, 0, 0],
    [-0.6, -0.7, -0.7, -1.0, -0.3, 0],
  ]);
  const piL = tf.tensor2d([
    [-1.5, -1.2, -0.9, 0, 0, 0],
    [-0.8, -1.0, -1.2, -0.9, 0, 0],
    [-0.5, -0.6, -0.4, -0.7, -0.5, -0.6],
    [-1.4, -1.0, -1.3, 0, 0, 0],
  ]);
  const refL = tf.tensor2d([
    [-1.2, -1.0, -0.8, 0, 0, 0],
    [-0.7, -0.9, -1.0, -0.8, 0, 0],
    [-0.6, -0.6, -0.5, -0.8, -0.6, -0.6],
    [-1.1, -0.9, -1.0, 0, 0, 0],
  ]);

  const betas = [0.1, 0.5, 1.0];
  const grid = Array.from({ length: 41 }, (_, i) => -10 + 0.5 * i); // Δ 从 −10 到 10
  const out = tf.tidy(() => {
    const w = sequenceLogProb(piW, mask);
    const l = sequenceLogProb(piL, maskL);
    const rw = sequenceLogProb(refW, mask).sum;
    const rl = sequenceLogProb(refL, maskL).sum;
    const delta = logRatioGap(w.sum, l.sum, rw, rl);
    const perBeta = betas.map((b) => {
      const r = impliedRewards(w.sum, l.sum, rw, rl, b);
      const s = rewardStats(r.chosen, r.rejected);
      return {
        loss: tf.mean(dpoLoss(w.sum, l.sum, rw, rl, b)),
        acc: s.accuracy,
        margin: s.margin,
        weight: tf.mean(dpoGradWeight(delta, b)),
      };
    });
    const g = tf.tensor1d(grid);
    // 曲线：L(Δ) = −log σ(βΔ) 与梯度权重 σ(−βΔ)
    const curve = (b: number) => tf.neg(tf.logSigmoid(tf.mul(b, g)));
    return {
      delta,
      perBeta,
      simpo: tf.mean(simpoLoss(w.sum, w.length, l.sum, l.length, 2.0, 1.0)),
      simpoNoMargin: tf.mean(simpoLoss(w.sum, w.length, l.sum, l.length, 2.0, 0)),
      ipo: tf.mean(ipoLoss(w.sum, l.sum, rw, rl, 0.1)),
      sumW: w.sum,
      sumL: l.sum,
      lenW: w.length,
      lenL: l.length,
      c01: curve(0.1),
      c05: curve(0.5),
      g01: dpoGradWeight(g, 0.1),
      g05: dpoGradWeight(g, 0.5),
    };
  });

  const fmt = (v: number, d = 4) => v.toFixed(d);
  const [sumW, sumL, lenW, lenL, delta] = await Promise.all(
    [out.sumW, out.sumL, out.lenW, out.lenL, out.delta].map((t) => t.array() as Promise<number[]>),
  );
  for (let i = 0; i < 4; i++) {
    console.log(
      `第 ${i} 对：log π(y_w) = ${fmt(sumW[i] ?? NaN, 2)}（${lenW[i]} 个 token），` +
        `log π(y_l) = ${fmt(sumL[i] ?? NaN, 2)}（${lenL[i]} 个 token），Δ = ${fmt(delta[i] ?? NaN, 2)}`,
    );
  }
  for (const [i, b] of betas.entries()) {
    const p = out.perBeta[i];
    if (!p) continue;
    const [loss, acc, margin, weight] = await Promise.all(
      [p.loss, p.acc, p.margin, p.weight].map((t) => t.array() as Promise<number>),
    );
    console.log(
      `β = ${b}：DPO 损失 ${fmt(loss)}，奖励准确率 ${fmt(acc, 2)}，奖励差 ${fmt(margin)}，平均梯度权重 σ(−βΔ) ${fmt(weight)}`,
    );
  }
  console.log(`Δ = 0 时损失都是 log 2 = ${fmt(Math.log(2))}，梯度权重都是 0.5`);
  const [simpo, simpoNoMargin, ipo] = await Promise.all(
    [out.simpo, out.simpoNoMargin, out.ipo].map((t) => t.array() as Promise<number>),
  );
  console.log(`SimPO（β = 2，γ = 1）：${fmt(simpo)}；γ = 0：${fmt(simpoNoMargin)}`);
  console.log(`IPO（τ = 0.1，目标 Δ = 5）：${fmt(ipo)}`);

  const series = {
    'DPO 损失，β = 0.1': (await out.c01.array()) as number[],
    'DPO 损失，β = 0.5': (await out.c05.array()) as number[],
    '梯度权重 σ(−βΔ)，β = 0.1': (await out.g01.array()) as number[],
    '梯度权重 σ(−βΔ)，β = 0.5': (await out.g05.array()) as number[],
  };
  tf.dispose([mask, maskL, piW, refW, piL, refL, out as unknown as tf.TensorContainer]);
  return series;
}
