import * as tf from '@tensorflow/tfjs';

/**
 * Muennighoff 等人 2023（arXiv 2305.16264）的数据受限缩放律里，重复数据的“有效数据量”：
 *   D' = U_D + U_D · R*_D · (1 − exp(−R_D / R*_D))
 * U_D 是不重复的 token 数，R_D = D / U_D − 1 是“重复了几遍”（轮数减 1，第一遍不算重复），
 * R*_D 是拟合出的常数：官方仓库 huggingface/datablations 的 README 给出 rd_star = 15.387756。
 * R_D ≪ R*_D 时 D' ≈ U_D · (1 + R_D) = D（重复的 token 几乎和新 token 一样值钱）；
 * R_D → ∞ 时 D' → U_D · (1 + R*_D)：再怎么重复，有效数据最多约为 16.4 倍的 U_D。
 */
export const R_STAR_D = 15.387756;

/** 有效轮数 D' / U_D：epochs 为训练轮数（D / U_D，可以不是整数），形状 [n] → [n]。 */
export function effectiveEpochs(epochs: tf.Tensor1D, rStar = R_STAR_D): tf.Tensor1D {
  return tf.tidy(() => {
    const rD = tf.relu(tf.sub(epochs, 1)); // R_D = 轮数 − 1，不足一轮时按 0 计（D ≤ U_D 时没有重复）
    const repeated = tf.mul(rStar, tf.sub(1, tf.exp(tf.div(tf.neg(rD), rStar)))); // R*·(1 − e^(−R/R*))
    // 不足一轮时只见过 D = epochs·U_D 个不同 token，D' = D
    return tf.where(tf.less(epochs, 1), epochs, tf.add(1, repeated)) as tf.Tensor1D;
  });
}

/** 每个 token 的“价值”：有效数据 ÷ 实际训练的 token 数 = (D'/U_D) / 轮数，形状 [n] → [n]。 */
export function valuePerToken(epochs: tf.Tensor1D, rStar = R_STAR_D): tf.Tensor1D {
  return tf.tidy(() => tf.div(effectiveEpochs(epochs, rStar), epochs) as tf.Tensor1D);
}

/** 最后一轮新增的有效数据（单位 U_D）：D'(e) − D'(e − 1)，即第 e 遍数据还值多少遍新数据。 */
export function marginalValue(epochs: tf.Tensor1D, rStar = R_STAR_D): tf.Tensor1D {
  return tf.tidy(
    () => tf.sub(effectiveEpochs(epochs, rStar), effectiveEpochs(tf.sub(epochs, 1), rStar)) as tf.Tensor1D,
  );
}

export async function main() {
  const xs = Array.from({ length: 60 }, (_, i) => i + 1); // 1 … 60 轮
  const epochs = tf.tensor1d(xs);
  const eff = effectiveEpochs(epochs);
  const value = valuePerToken(epochs);
  const [effArr, valueArr] = [await eff.array(), await value.array()];

  const show = [1, 2, 4, 8, 16, 40, 60];
  const probe = tf.tensor1d(show);
  const [pe, pv, pm] = await Promise.all(
    [effectiveEpochs(probe), valuePerToken(probe), marginalValue(probe)].map(async (t) => {
      const a = await t.array();
      t.dispose();
      return a;
    }),
  );
  console.log(`R*_D = ${R_STAR_D}，有效数据的上限 U_D·(1 + R*_D) = ${(1 + R_STAR_D).toFixed(2)} × U_D`);
  console.log("轮数  有效轮数 D'/U_D  每个 token 的价值  这一轮新增");
  show.forEach((e, i) => {
    console.log(
      `${String(e).padStart(3)}   ${pe[i]!.toFixed(3).padStart(8)}        ${(100 * pv[i]!).toFixed(1).padStart(5)}%          ${pm[i]!.toFixed(3)}`,
    );
  });

  tf.dispose([epochs, eff, value, probe]);
  return {
    '有效轮数 D′/U_D（重复数据）': { x: xs, y: effArr, xLabel: '训练轮数 D/U_D', yLabel: '相当于多少轮全新数据' },
    '全新数据（D′ = D）': { x: xs, y: xs, xLabel: '训练轮数 D/U_D', yLabel: '相当于多少轮全新数据' },
    '每个 token 的价值 D′/D': { x: xs, y: valueArr, xLabel: '训练轮数 D/U_D', yLabel: 'D′/D' },
  };
}
