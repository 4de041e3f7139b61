import * as tf from '@tensorflow/tfjs';

// “涌现”的指标解释：Schaeffer et al. 2023（arXiv 2304.15004）§2 的玩具模型。
// 设答案的每个 token 上，正确 token 的交叉熵随参数量 N 按幂律下降：
//   L_CE(N) = (N / c)^α，α < 0
// 于是单个 token 答对的概率 p(N) = exp(−L_CE(N))，随 log N 平滑上升。
// 再假设 L 个 token 各自独立、答对概率都是 p（这是示意，真实答案的 token 并不独立），那么
//   exact match（L 个 token 全对）= p^L                     ← 非线性指标
//   答错的 token 数的期望 = L·(1 − p)                         ← 线性指标（只有替换错误时即 token 编辑距离）
//   至少 k 个 token 对 = Σ_{j≥k} C(L, j) p^j (1 − p)^(L−j)   ← 部分给分的阈值指标
// 模型和它的逐 token 能力完全一样，只是换了打分方式。

/** 示意参数：α = −0.5，c = 3×10⁷（自编，不是任何真实模型族的拟合值） */
export const ALPHA = -0.5;
export const LOG10_C = Math.log10(3e7);

/** 逐 token 交叉熵 L_CE = (N/c)^α，输入为 log10 N。log10N: [n] → [n] */
export function tokenLoss(log10N: tf.Tensor1D, alpha = ALPHA, log10C = LOG10_C): tf.Tensor1D {
  // 在对数域里算 (N/c)^α = exp(α·ln10·(log10 N − log10 c))，避免 float32 里出现 10¹² 这样的数
  return tf.tidy(() => tf.exp(tf.mul(alpha * Math.LN10, tf.sub(log10N, log10C))));
}

/** 单个 token 答对的概率 p = exp(−L_CE)。log10N: [n] → [n] */
export function tokenAccuracy(log10N: tf.Tensor1D, alpha = ALPHA, log10C = LOG10_C): tf.Tensor1D {
  return tf.tidy(() => tf.exp(tf.neg(tokenLoss(log10N, alpha, log10C))));
}

/** exact match：L 个 token 全对的概率 p^L = exp(L·(−L_CE))。log10N: [n] → [n] */
export function exactMatch(log10N: tf.Tensor1D, L: number, alpha = ALPHA, log10C = LOG10_C): tf.Tensor1D {
  return tf.tidy(() => tf.exp(tf.mul(-L, tokenLoss(log10N, alpha, log10C))));
}

/** 答错的 token 数的期望 L·(1 − p)；1 − p 用 −expm1(−L_CE) 算，p 接近 1 时不丢精度。log10N: [n] → [n] */
export function expectedWrongTokens(log10N: tf.Tensor1D, L: number, alpha = ALPHA, log10C = LOG10_C): tf.Tensor1D {
  return tf.tidy(() => tf.mul(L, tf.neg(tf.expm1(tf.neg(tokenLoss(log10N, alpha, log10C))))));
}

/** ln C(n, k) = Σ_{i=1..k} ln((n − k + i) / i)，逐项相加（n 不大时足够准，也不会像 n! 那样溢出）。
 *  自洽性的片段（reasoning/self-consistency.ts）也从这里导入它 */
export function logBinom(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** 至少 k 个 token 对的概率（二项分布的上尾）。k = L 时就是 exact match。log10N: [n] → [n] */
export function atLeastK(log10N: tf.Tensor1D, L: number, k: number, alpha = ALPHA, log10C = LOG10_C): tf.Tensor1D {
  return tf.tidy(() => {
    const lce = tokenLoss(log10N, alpha, log10C); // [n]
    const logP = tf.neg(lce); // ln p
    const logQ = tf.log(tf.neg(tf.expm1(tf.neg(lce)))); // ln(1 − p)
    let total = tf.zerosLike(lce);
    for (let j = k; j <= L; j++) {
      // C(L, j) p^j (1 − p)^(L−j)，在对数域里相加再取 exp
      const term = tf.exp(tf.add(logBinom(L, j), tf.add(tf.mul(j, logP), tf.mul(L - j, logQ))));
      total = tf.add(total, term);
    }
    return total as tf.Tensor1D;
  });
}

/** exact match 达到 t 时的 log10 N（闭式解）：p^L = t ⇒ L_CE = −ln t / L ⇒ N = c·(−ln t / L)^(1/α) */
export function log10NAtScore(t: number, L: number, alpha = ALPHA, log10C = LOG10_C): number {
  return log10C + Math.log10(-Math.log(t) / L) / alpha;
}

export async function main() {
  const xs = Array.from({ length: 21 }, (_, i) => 7 + 0.25 * i); // log10 N：10⁷ 到 10¹²，每 1/4 个数量级一点
  const x = tf.tensor1d(xs);
  const xLabel = 'log10（参数量 N）';
  const lengths = [5, 10, 30];

  const p = tokenAccuracy(x);
  const em = lengths.map((L) => exactMatch(x, L));
  const wrong = [10, 30].map((L) => expectedWrongTokens(x, L));
  const ks = [5, 8, 10];
  const partial = ks.map((k) => atLeastK(x, 10, k));

  const [pv, ...emv] = await Promise.all([p, ...em].map((t) => t.array()));
  const wrongv = await Promise.all(wrong.map((t) => t.array()));
  const partialv = await Promise.all(partial.map((t) => t.array()));
  tf.dispose([x, p, ...em, ...wrong, ...partial]);

  const at = (v: number[], logN: number) => v[xs.indexOf(logN)] ?? NaN;
  console.log(`α = ${ALPHA}，c = 3e7（示意）。逐 token 正确率 p 与 exact match p^L：`);
  for (const logN of [8, 9, 10, 11, 12]) {
    const ems = lengths.map((L, i) => `L=${L} ${at(emv[i] ?? [], logN).toFixed(3)}`).join('，');
    console.log(`  N = 1e${logN}：p = ${at(pv, logN).toFixed(3)}；${ems}`);
  }
  for (const L of [1, ...lengths]) {
    const a = log10NAtScore(0.1, L);
    const b = log10NAtScore(0.9, L);
    console.log(
      `L = ${L}：exact match 到 10% 时 log10 N = ${a.toFixed(2)}，到 90% 时 ${b.toFixed(2)}，相隔 ${(b - a).toFixed(2)} 个数量级`,
    );
  }
  const n = 100; // 测试集 100 道题：低于 1/n 的得分在一次评测里多半是 0 道题答对
  for (const L of lengths) {
    console.log(`测试集 ${n} 题、L = ${L}：N < 10^${log10NAtScore(1 / n, L).toFixed(2)} 时期望答对不到 1 题`);
  }

  const line = (y: number[], yLabel: string) => ({ x: xs, y, xLabel, yLabel });
  return {
    '逐 token 正确率 p': line(pv, '得分'),
    'exact match，L = 5': line(emv[0] ?? [], '得分'),
    'exact match，L = 10': line(emv[1] ?? [], '得分'),
    'exact match，L = 30': line(emv[2] ?? [], '得分'),
    '答错 token 数的期望，L = 10': line(wrongv[0] ?? [], '答错的 token 数'),
    '答错 token 数的期望，L = 30': line(wrongv[1] ?? [], '答错的 token 数'),
    'L = 10 时至少 5 个对': line(partialv[0] ?? [], '概率'),
    'L = 10 时至少 8 个对': line(partialv[1] ?? [], '概率'),
    'L = 10 时 10 个全对': line(partialv[2] ?? [], '概率'),
  };
}
