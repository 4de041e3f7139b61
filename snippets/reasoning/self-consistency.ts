import * as tf from '@tensorflow/tfjs';
import { logBinom } from '../emergence/emergence.ts'; // ln C(n, k)，与涌现一题的二项分布尾部共用

// 自洽性（self-consistency，Wang et al. 2022，arXiv 2203.11171）的多数投票，用一个最简模型估算：
// 每条推导独立，答对的概率是 p；答错时都错成同一个答案（只和正确答案两方竞争，这是对投票最不利的情形）。
// n 条推导里答对的条数 K ~ Binomial(n, p)，多数投票答对的概率
//   P_maj(n, p) = P(K > n/2) + ½·P(K = n/2)        （n 为偶数时平票按抛硬币算）
// 真实任务里错误答案往往分散在许多不同的值上，投票的门槛比 p = 0.5 低；这里不模拟那种情形。

/** 二项分布的概率 P(K = k)，p: [m] → [m]。在对数域里算，p 接近 0 或 1 时不下溢 */
function binomPmf(p: tf.Tensor1D, n: number, k: number): tf.Tensor1D {
  return tf.tidy(() => {
    const logP = tf.log(p);
    const logQ = tf.log1p(tf.neg(p)); // ln(1 − p)
    return tf.exp(tf.add(logBinom(n, k), tf.add(tf.mul(k, logP), tf.mul(n - k, logQ)))) as tf.Tensor1D;
  });
}

/** 多数投票答对的概率 P_maj(n, p)。p: [m]，取值在 (0, 1) 内 → [m] */
export function majorityVoteAccuracy(p: tf.Tensor1D, n: number): tf.Tensor1D {
  return tf.tidy(() => {
    let total = tf.zerosLike(p);
    for (let k = Math.floor(n / 2) + 1; k <= n; k++) total = tf.add(total, binomPmf(p, n, k));
    if (n % 2 === 0) total = tf.add(total, tf.mul(0.5, binomPmf(p, n, n / 2))); // 平票：一半概率选对
    return total as tf.Tensor1D;
  });
}

/** 让 P_maj(n, p) ≥ target 的最小奇数 n。标量计算，用普通的 JS 数字逐个试 n（不必为每个 n 开张量） */
export function samplesNeeded(p: number, target: number, maxN = 201): number | null {
  for (let n = 1; n <= maxN; n += 2) {
    let acc = 0;
    for (let k = (n + 1) / 2; k <= n; k++) acc += Math.exp(logBinom(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    if (acc >= target) return n;
  }
  return null;
}

export async function main() {
  const ps = Array.from({ length: 19 }, (_, i) => 0.05 * (i + 1)); // 单条推导的准确率 p = 0.05 … 0.95
  const p = tf.tensor1d(ps);
  const ns = [1, 5, 15, 41];
  const curves = ns.map((n) => majorityVoteAccuracy(p, n));
  const values = await Promise.all(curves.map((t) => t.array()));
  tf.dispose([p, ...curves]);

  const at = (v: number[], x: number) => v[ps.findIndex((q) => Math.abs(q - x) < 1e-9)] ?? NaN;
  for (const x of [0.4, 0.6, 0.8]) {
    const row = ns.map((n, i) => `n=${n} ${at(values[i] ?? [], x).toFixed(3)}`).join('，');
    console.log(`p = ${x}：${row}`);
  }
  for (const x of [0.55, 0.6, 0.7]) {
    console.log(`p = ${x} 时多数投票达到 90% 至少要 n = ${samplesNeeded(x, 0.9)} 条推导`);
  }

  const line = (y: number[]) => ({ x: ps, y, xLabel: '单条推导的准确率 p', yLabel: '多数投票的准确率' });
  return Object.fromEntries(ns.map((n, i) => [`n = ${n}`, line(values[i] ?? [])]));
}
