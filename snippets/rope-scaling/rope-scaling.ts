import * as tf from '@tensorflow/tfjs';

// 长度外推的几种 RoPE 缩放，都只改每对维度的频率 θ_i（或等价地改位置），不改模型的其他部分。
// 记号：d = 每头维度（dHead），b = base（rope_theta），L = 原训练窗口，s = 扩展倍数 L′ / L。
// 频率是每个模型只算一次的标量表，这里用 JS 的 float64 算（同 HF 用 math/torch 预先算 inv_freq）。

/** 原始 RoPE：θ_i = b^(−2i/d)，i = 0 … d/2 − 1（RoFormer §3.2.2，下标从 0 起）。 */
export function defaultInvFreq(dHead: number, base: number): number[] {
  if (dHead % 2 !== 0) throw new Error(`dHead 必须是偶数，收到 ${dHead}`);
  return Array.from({ length: dHead / 2 }, (_, i) => base ** ((-2 * i) / dHead));
}

/**
 * 位置插值 PI（Chen et al. 2023, arXiv 2306.15595）：位置 m → m / s。
 * 因为角度是 m·θ_i，把每个 θ_i 除以 s 是同一件事（HF 的 linear scaling 就是这样实现的）。
 */
export function piInvFreq(dHead: number, base: number, s: number): number[] {
  return defaultInvFreq(dHead, base).map((t) => t / s);
}

/**
 * NTK-aware 插值（YaRN 论文 §3.1 式 16，最早是 bloc97 的 reddit 帖子）：换 base，
 *   b′ = b · s^(d/(d−2))
 * 使最低频一对（i = d/2 − 1）恰好被压缩 s 倍，最高频一对（i = 0）不变，中间按指数过渡。
 */
export function ntkInvFreq(dHead: number, base: number, s: number): number[] {
  return defaultInvFreq(dHead, base * s ** (dHead / (dHead - 2)));
}

/**
 * 动态 NTK（emozilla 的 reddit 帖子；YaRN 论文 §3.3）：推理时按当前长度 seqLen 重新算 base。
 * 这里按 HF `_compute_dynamic_ntk_parameters` 的式子：seqLen ≤ L 时不缩放，否则
 *   b′ = b · (s · seqLen / L − (s − 1))^(d/(d−2))
 * 注意缓存的 key 若已按旧 base 旋转过，base 一变就对不上（YaRN 论文 §3.3 的提醒）。
 */
export function dynamicNtkInvFreq(dHead: number, base: number, s: number, seqLen: number, L: number): number[] {
  const len = Math.max(seqLen, L);
  return defaultInvFreq(dHead, base * ((s * len) / L - (s - 1)) ** (dHead / (dHead - 2)));
}

/**
 * YaRN（Peng et al. 2023, arXiv 2309.00071 §3.2–3.4）= “NTK-by-parts” + 注意力温度。
 * 按 r = L / λ_i（原窗口内第 i 对转过的圈数，λ_i = 2π/θ_i 是波长）分三段：
 *   r > β（转了很多圈，高频）：不动；r < α（一圈都没转完，低频）：除以 s（同 PI）；中间线性过渡。
 * 边界换算成维度下标 i = d·ln(L/(2π·r)) / (2·ln b)，下界向下取整、上界向上取整，
 * 同作者代码和 HF `_compute_yarn_parameters`（beta_fast = β = 32，beta_slow = α = 1）。
 * 温度：√(1/t) = 0.1·ln s + 1（式 22），实现里把 cos、sin 都乘它，所以打分乘的是它的平方。
 */
export function yarnInvFreq(
  dHead: number,
  base: number,
  s: number,
  L: number,
  betaFast = 32,
  betaSlow = 1,
): { invFreq: number[]; attentionFactor: number } {
  const half = dHead / 2;
  const correctionDim = (rotations: number) => (dHead * Math.log(L / (rotations * 2 * Math.PI))) / (2 * Math.log(base));
  const low = Math.max(Math.floor(correctionDim(betaFast)), 0);
  let high = Math.min(Math.ceil(correctionDim(betaSlow)), dHead - 1);
  if (high === low) high += 0.001; // 同 HF：防止除零
  const theta = defaultInvFreq(dHead, base);
  const invFreq = theta.map((t, i) => {
    const ramp = Math.min(Math.max((i - low) / (high - low), 0), 1); // 0：不插值，1：完全插值
    return (t / s) * ramp + t * (1 - ramp);
  });
  if (invFreq.length !== half) throw new Error('内部错误');
  return { invFreq, attentionFactor: 0.1 * Math.log(s) + 1 };
}

/**
 * Llama 3.1 的频率分段缩放（meta-llama/llama-models，models/llama3/model.py 的 apply_scaling）：
 * 波长 λ_i = 2π/θ_i；λ < L/highFreqFactor（= 2048）不动，λ > L/lowFreqFactor（= 8192）除以 factor，
 * 中间用 smooth = (L/λ − low)/(high − low) 在 θ/factor 与 θ 之间线性插值。默认值即 Meta 的常数。
 */
export function llama3InvFreq(
  dHead: number,
  base: number,
  factor = 8,
  lowFreqFactor = 1,
  highFreqFactor = 4,
  L = 8192,
): number[] {
  const lowFreqWavelen = L / lowFreqFactor;
  const highFreqWavelen = L / highFreqFactor;
  return defaultInvFreq(dHead, base).map((t) => {
    const wavelen = (2 * Math.PI) / t;
    if (wavelen < highFreqWavelen) return t;
    if (wavelen > lowFreqWavelen) return t / factor;
    const smooth = (L / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return (1 - smooth) * (t / factor) + smooth * t;
  });
}

/** 每个位置、每对维度转过的角度 m·θ_i。positions: [P]，invFreq: [d/2] → [P, d/2]（float32）。 */
export function ropeAngles(invFreq: number[], positions: number[]): tf.Tensor2D {
  return tf.tidy(() => tf.outerProduct(tf.tensor1d(positions), tf.tensor1d(invFreq)) as tf.Tensor2D);
}

export async function main() {
  // Llama 3 8B 的设定：d = 128，b = 500000，原窗口 L = 8192；扩 s = 8 倍到 L′ = 65536
  const [dHead, base, L, s] = [128, 500000, 8192, 8];
  const Lext = L * s;
  const theta = defaultInvFreq(dHead, base);
  const yarn = yarnInvFreq(dHead, base, s, L);
  const methods: Record<string, number[]> = {
    直接外推: theta,
    PI: piInvFreq(dHead, base, s),
    'NTK-aware': ntkInvFreq(dHead, base, s),
    YaRN: yarn.invFreq,
    'Llama 3.1': llama3InvFreq(dHead, base, s, 1, 4, L),
  };

  // 训练时每对维度在位置 L 处转到的角度，和各方法在位置 L′ 处转到的角度：[1, d/2] 各一行
  // 返回的每条曲线：第 i 对维度“位置 L′ 的角度 ÷ 训练时位置 L 的角度”
  const trained = ropeAngles(theta, [L]);
  const series: Record<string, tf.Tensor1D> = {};
  for (const [name, invFreq] of Object.entries(methods)) {
    // 比值 > 1：这对维度在 L′ 处转到了训练时没到过的角度；= 1：正好停在训练范围的边上
    series[name] = tf.tidy(() => tf.reshape(tf.div(ropeAngles(invFreq, [Lext]), trained), [dHead / 2]) as tf.Tensor1D);
  }
  trained.dispose();

  const turns = theta.map((t) => (t * L) / (2 * Math.PI)); // 训练窗口内转过的圈数 L/λ_i
  const firstUnseen = turns.findIndex((r) => r < 1);
  console.log(`d = ${dHead}，base = ${base}，L = ${L}，L′ = ${Lext}`);
  console.log(
    `训练窗口内转不满一圈的维度对：i = ${firstUnseen} … ${dHead / 2 - 1}（共 ${dHead / 2 - firstUnseen} 对）`,
  );
  console.log('各方法给每对维度的缩放 θ′_i / θ_i（i = 0, 16, 32, 40, 48, 63）：');
  const shown = [0, 16, 32, 40, 48, 63];
  for (const [name, invFreq] of Object.entries(methods)) {
    console.log(`  ${name.padEnd(10)} ${shown.map((i) => (invFreq[i]! / theta[i]!).toFixed(4)).join('  ')}`);
  }
  console.log(`NTK-aware 的新 base：${(base * s ** (dHead / (dHead - 2))).toExponential(4)}`);
  console.log(
    `YaRN：cos、sin 乘 ${yarn.attentionFactor.toFixed(4)}，打分（logits）乘 ${(yarn.attentionFactor ** 2).toFixed(4)}`,
  );
  const untouched = (f: number[]) => f.filter((t, i) => t === theta[i]).length;
  const fullyScaled = (f: number[]) => f.filter((t, i) => Math.abs(t * s - theta[i]!) < 1e-12 * theta[i]!).length;
  for (const name of ['NTK-aware', 'YaRN', 'Llama 3.1']) {
    const f = methods[name]!;
    console.log(
      `${name}：${untouched(f)} 对不动，${fullyScaled(f)} 对整整除以 ${s}，其余 ${dHead / 2 - untouched(f) - fullyScaled(f)} 对介于两者之间`,
    );
  }
  // 动态 NTK：factor = 1 时 HF 的式子就是 YaRN 论文 §3.3 的 s = 当前长度 / L
  const dyn = [L, 2 * L, 4 * L, 8 * L].map(
    (n) => dynamicNtkInvFreq(dHead, base, 1, n, L)[dHead / 2 - 1]! / theta[dHead / 2 - 1]!,
  );
  console.log(
    `动态 NTK（factor = 1）：当前长度 L, 2L, 4L, 8L 时最低频一对的缩放 ${dyn.map((v) => v.toFixed(4)).join(', ')}`,
  );
  return series;
}
