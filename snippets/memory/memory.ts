import * as tf from '@tensorflow/tfjs';

/**
 * LLaMA 式解码器的结构参数（字段名对应 Hugging Face config.json）：
 * nLayers = num_hidden_layers，dModel = hidden_size，nHeads = num_attention_heads，
 * nKvHeads = num_key_value_heads（等于 nHeads 即标准多头注意力 MHA，小于它是 GQA，等于 1 是 MQA），
 * headDim = dModel / nHeads，dFf = intermediate_size，vocab = vocab_size。
 */
export interface ModelConfig {
  name: string;
  nLayers: number;
  dModel: number;
  nHeads: number;
  nKvHeads: number;
  headDim: number;
  dFf: number;
  vocab: number;
}

/** LLaMA-7B（Touvron et al. 2023, Table 2；huggyllama/llama-7b config.json）：MHA，32 个 KV 头 */
export const LLAMA_7B: ModelConfig = {
  name: 'LLaMA-7B',
  nLayers: 32,
  dModel: 4096,
  nHeads: 32,
  nKvHeads: 32,
  headDim: 128,
  dFf: 11008,
  vocab: 32000,
};

/** Llama-3-8B（Llama 3 报告 Table 3；config.json）：GQA，8 个 KV 头，词表 128256 */
export const LLAMA3_8B: ModelConfig = {
  name: 'Llama-3-8B',
  nLayers: 32,
  dModel: 4096,
  nHeads: 32,
  nKvHeads: 8,
  headDim: 128,
  dFf: 14336,
  vocab: 128256,
};

/** Llama-2-70B（Llama 2 报告 Table 1 用 GQA；config.json / llama-models sku_list）：64 个 query 头，8 个 KV 头 */
export const LLAMA2_70B: ModelConfig = {
  name: 'Llama-2-70B',
  nLayers: 80,
  dModel: 8192,
  nHeads: 64,
  nKvHeads: 8,
  headDim: 128,
  dFf: 28672,
  vocab: 32000,
};

export const PRESETS = [LLAMA_7B, LLAMA3_8B, LLAMA2_70B];

/**
 * 参数量：词嵌入 + 输出层（LLaMA 不共享两者）+ 每层 [W_q, W_k, W_v, W_o, SwiGLU 的 W1/W2/W3, 两个 RMSNorm 增益]
 * + 最后一个 RMSNorm。线性层都没有偏置。
 */
export function paramCount(c: ModelConfig): number {
  const attn = c.dModel * c.nHeads * c.headDim * 2 + c.dModel * c.nKvHeads * c.headDim * 2; // W_q、W_o + W_k、W_v
  const ffn = 3 * c.dModel * c.dFf;
  const perLayer = attn + ffn + 2 * c.dModel;
  return 2 * c.vocab * c.dModel + c.nLayers * perLayer + c.dModel;
}

/** 权重字节数：fp16/bf16 每参数 2 字节，int8 1 字节，4 位量化约 0.5 字节（不计量化常数） */
export function weightBytes(c: ModelConfig, bytesPerParam = 2): number {
  return paramCount(c) * bytesPerParam;
}

/**
 * KV cache 的形状（每层 K、V 各一份）：[nLayers, 2, batch, nKvHeads, tokens, headDim]。
 * 只缓存 K、V 两个投影（query 每步现算现用），所以和 nKvHeads 成正比、和 nHeads 无关。
 */
export function kvCacheShape(c: ModelConfig, tokens: number, batch = 1): number[] {
  return [c.nLayers, 2, batch, c.nKvHeads, tokens, c.headDim];
}

/** KV cache 字节数 = 2 × 层数 × KV 头数 × 每头维度 × token 数 × batch × 每元素字节数 */
export function kvCacheBytes(c: ModelConfig, tokens: number, batch = 1, bytesPerElement = 2): number {
  return 2 * c.nLayers * c.nKvHeads * c.headDim * tokens * batch * bytesPerElement;
}

/**
 * MLA（DeepSeek-V2 §2.1，DeepSeek-V3 沿用）每层每 token 只缓存压缩后的潜向量 c^KV（kv_lora_rank 维）
 * 和共享的 RoPE key k^R（qk_rope_head_dim 维），与头数无关。
 */
export function mlaCacheBytes(
  nLayers: number,
  kvLoraRank: number,
  ropeDim: number,
  tokens: number,
  batch = 1,
  bytesPerElement = 2,
): number {
  return nLayers * (kvLoraRank + ropeDim) * tokens * batch * bytesPerElement;
}

/**
 * 训练时每层存下的激活（Korthikanti et al. 2022, arXiv 2205.05198, §4.1 式 1；GPT 结构、16 位激活、
 * 含 dropout 掩码、无张量并行）：s·b·h·(34 + 5·a·s/h) 字节。a 是头数，5as²b 那项来自注意力的
 * s×s 矩阵（softmax 输出、dropout 掩码和 dropout 输出）；flash = true 时按 FlashAttention 的做法
 * 不存这些 s×s 矩阵（反传时重算），只剩 34·s·b·h；完全重计算（每层只存输入）时为 2·s·b·h 字节。
 * LLaMA 的 SwiGLU FFN 和无 dropout 会让系数不同，这里只作量级估计。
 */
export function activationBytes(
  seqLen: number,
  batch: number,
  dModel: number,
  nHeads: number,
  nLayers: number,
  recompute: 'none' | 'full' = 'none',
  flash = false,
): number {
  const sbh = seqLen * batch * dModel;
  const quadratic = flash ? 0 : (5 * nHeads * seqLen) / dModel;
  const perLayer = recompute === 'full' ? 2 * sbh : sbh * (34 + quadratic);
  return perLayer * nLayers;
}

/**
 * 混合精度 Adam 的模型状态（ZeRO, Rajbhandari et al. 2019, arXiv 1910.02054, §3.1 与图 1）：
 * fp16 参数 2Ψ + fp16 梯度 2Ψ + fp32 的参数副本、动量、方差 KΨ（K = 12），共 16Ψ 字节。
 * N 卡数据并行时每卡：stage 0（不切）16Ψ；stage 1（切优化器状态）4Ψ + 12Ψ/N；
 * stage 2（再切梯度）2Ψ + 14Ψ/N；stage 3（再切参数）16Ψ/N。不含激活和临时缓冲。
 */
export function zeroBytesPerGpu(psi: number, stage: 0 | 1 | 2 | 3, nGpus: number, k = 12): number {
  const [p, g, o] = [2 * psi, 2 * psi, k * psi];
  if (stage === 0) return p + g + o;
  if (stage === 1) return p + g + o / nGpus;
  if (stage === 2) return p + (g + o) / nGpus;
  return (p + g + o) / nGpus;
}

/** 可以加 LoRA 的线性层：注意力的 W_q、W_k、W_v、W_o，SwiGLU 的 gate（W1）、up（W3）、down（W2） */
export type LoraTarget = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';

/** LoRA 论文 §7.1 主要实验的设置：只加在 W_q、W_v 上 */
export const LORA_QV: LoraTarget[] = ['q', 'v'];
/** QLoRA 的做法：加在每个 Transformer 块的全部线性层上 */
export const ALL_LINEAR: LoraTarget[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];

/**
 * LoRA（Hu et al. 2021, arXiv 2106.09685, §4）：冻结 W₀，只训练 ΔW = BA，B: d_out×r，A: r×d_in，
 * 每个被适配的矩阵多 r·(d_in + d_out) 个参数。
 */
export function loraParamCount(c: ModelConfig, r: number, targets: LoraTarget[] = LORA_QV): number {
  const dq = c.nHeads * c.headDim;
  const dkv = c.nKvHeads * c.headDim;
  const dims: Record<LoraTarget, [number, number]> = {
    q: [c.dModel, dq],
    k: [c.dModel, dkv],
    v: [c.dModel, dkv],
    o: [dq, c.dModel],
    gate: [c.dModel, c.dFf],
    up: [c.dModel, c.dFf],
    down: [c.dFf, c.dModel],
  };
  return c.nLayers * targets.reduce((sum, t) => sum + r * (dims[t][0] + dims[t][1]), 0);
}

/**
 * 微调时的模型状态（不含激活）：
 * - full：全部参数混合精度 Adam，16 字节/参数；
 * - lora：冻结的底座 16 位（2 字节/参数，没有梯度和优化器状态）+ LoRA 参数按 16 字节/参数；
 * - qlora：底座各层的线性层存成 NF4（4 位）+ 双重量化后的量化常数（QLoRA §3：每参数
 *   8/64 + 32/(64·256) ≈ 0.127 位）；词嵌入、输出层和 RMSNorm 增益仍是 16 位；LoRA 参数同上。
 * r 和 targets 是 LoRA 的秩和加在哪些矩阵上。
 */
export function finetuneStateBytes(
  c: ModelConfig,
  mode: 'full' | 'lora' | 'qlora',
  r = 8,
  targets: LoraTarget[] = LORA_QV,
): number {
  const psi = paramCount(c);
  const adapters = loraParamCount(c, r, targets) * 16;
  if (mode === 'full') return psi * 16;
  if (mode === 'lora') return psi * 2 + adapters;
  const linear = c.nLayers * (2 * c.dModel * (c.nHeads + c.nKvHeads) * c.headDim + 3 * c.dModel * c.dFf);
  const bitsPerParam = 4 + 8 / 64 + 32 / (64 * 256);
  return (linear * bitsPerParam) / 8 + (psi - linear) * 2 + adapters;
}

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const KiB = 2 ** 10;

export async function main() {
  // 1. 每个 token 的 KV cache（16 位，batch 1）
  console.log('每个 token 的 KV cache（fp16/bf16）：');
  for (const c of PRESETS) {
    const perToken = kvCacheBytes(c, 1);
    console.log(
      `  ${c.name}：2 × ${c.nLayers} 层 × ${c.nKvHeads} 个 KV 头 × ${c.headDim} 维 × 2 字节 = ${perToken} 字节（${perToken / KiB} KiB）`,
    );
  }
  const mhaTwin = { ...LLAMA2_70B, name: 'Llama-2-70B 若不用 GQA', nKvHeads: LLAMA2_70B.nHeads };
  console.log(
    `  ${mhaTwin.name}（64 个 KV 头）：${kvCacheBytes(mhaTwin, 1) / MiB} MiB，是 GQA 的 ${LLAMA2_70B.nHeads / LLAMA2_70B.nKvHeads} 倍`,
  );
  // DeepSeek-V3：61 层，kv_lora_rank 512，qk_rope_head_dim 64（inference/configs/config_671B.json）
  const mla = mlaCacheBytes(61, 512, 64, 1);
  console.log(`  DeepSeek-V3（MLA）：61 层 × (512 + 64) × 2 字节 = ${mla} 字节（${(mla / KiB).toFixed(2)} KiB）`);

  // 2. 用真实张量核对一个小配置：分配 KV cache 形状的张量，数元素
  const tiny: ModelConfig = {
    name: 'tiny',
    nLayers: 2,
    dModel: 64,
    nHeads: 4,
    nKvHeads: 2,
    headDim: 16,
    dFf: 172,
    vocab: 100,
  };
  const cache = tf.zeros(kvCacheShape(tiny, 10, 3)); // float32：每元素 4 字节
  console.log(
    `小配置（2 层、2 个 KV 头、16 维、10 个 token、batch 3）：张量 ${cache.size} 个元素 × 4 字节 = ${cache.size * 4}，公式 ${kvCacheBytes(tiny, 10, 3, 4)}`,
  );
  cache.dispose();

  // 3. 权重与一次请求的 KV cache
  for (const c of PRESETS) {
    const w = weightBytes(c);
    const kv4k = kvCacheBytes(c, 4096);
    console.log(
      `${c.name}：参数 ${(paramCount(c) / 1e9).toFixed(2)}B，16 位权重 ${(w / GiB).toFixed(1)} GiB；4096 个 token 的 KV cache ${(kv4k / GiB).toFixed(2)} GiB（batch 1）`,
    );
  }
  const batch = 32; // 并发序列数 B
  const kvBatch = kvCacheBytes(LLAMA_7B, 4096, batch);
  console.log(
    `LLaMA-7B，batch ${batch} × 4096 个 token：KV cache ${(kvBatch / GiB).toFixed(0)} GiB，是权重的 ${(kvBatch / weightBytes(LLAMA_7B)).toFixed(1)} 倍`,
  );

  // 4. 训练：LLaMA-7B 在 N 张卡上的 ZeRO 各阶段，和微调的三种做法
  const psi = paramCount(LLAMA_7B);
  const nGpus = 8; // 数据并行的卡数 N
  const stages = ([0, 1, 2, 3] as const).map((s) => zeroBytesPerGpu(psi, s, nGpus) / GiB);
  console.log(
    `LLaMA-7B 混合精度 Adam，${nGpus} 卡每卡模型状态（GiB）：不切 ${stages[0].toFixed(1)}，ZeRO-1 ${stages[1].toFixed(1)}，ZeRO-2 ${stages[2].toFixed(1)}，ZeRO-3 ${stages[3].toFixed(1)}`,
  );
  const seqLen = 2048; // 序列长度 s（微批 b = 1）
  const act = activationBytes(seqLen, 1, 4096, 32, 32) / GiB;
  const actFlash = activationBytes(seqLen, 1, 4096, 32, 32, 'none', true) / GiB;
  const actFull = activationBytes(seqLen, 1, 4096, 32, 32, 'full') / GiB;
  console.log(
    `按 Korthikanti 式 1 估算 7B 规模（32 层、h = 4096、32 头）一条 ${seqLen} token 序列的激活：不用 FlashAttention ${act.toFixed(1)} GiB，用 FlashAttention ${actFlash.toFixed(1)} GiB`,
  );
  console.log(
    `完全重计算：存下的激活 ${actFull.toFixed(2)} GiB，反传时再加重算出的一层 ${(act / 32).toFixed(2)} GiB（用 FlashAttention 时 ${(actFlash / 32).toFixed(2)} GiB）`,
  );
  const ft = (['full', 'lora', 'qlora'] as const).map((m) => finetuneStateBytes(LLAMA_7B, m) / GiB);
  console.log(
    `LLaMA-7B 微调的模型状态（不含激活，LoRA r = 8 加在 W_q、W_v 上，${loraParamCount(LLAMA_7B, 8)} 个可训练参数）：全参 ${ft[0].toFixed(1)} GiB，LoRA ${ft[1].toFixed(1)} GiB，QLoRA ${ft[2].toFixed(1)} GiB`,
  );
  const qloraAll = finetuneStateBytes(LLAMA_7B, 'qlora', 64, ALL_LINEAR) / GiB;
  console.log(
    `QLoRA 按论文做法加在全部线性层上、r = 64：${loraParamCount(LLAMA_7B, 64, ALL_LINEAR)} 个可训练参数，模型状态 ${qloraAll.toFixed(1)} GiB`,
  );

  // 返回的图：KV cache 随已缓存 token 数线性增长（四条线共用一个 x 轴）
  const tokens = Array.from({ length: 17 }, (_, i) => i * 512); // 0 … 8192
  const axes = { xLabel: '已缓存的 token 数（batch 1）', yLabel: 'KV cache（GiB，16 位）' };
  const line = (bytesPerToken: number) => ({ x: tokens, y: tokens.map((t) => (t * bytesPerToken) / GiB), ...axes });
  return {
    'LLaMA-7B（MHA，32 个 KV 头）': line(kvCacheBytes(LLAMA_7B, 1)),
    'Llama-2-70B（GQA，8 个 KV 头）': line(kvCacheBytes(LLAMA2_70B, 1)),
    'Llama-3-8B（GQA，8 个 KV 头）': line(kvCacheBytes(LLAMA3_8B, 1)),
    'DeepSeek-V3（MLA）': line(mla),
    'LLaMA-7B 训练，每卡模型状态（8 卡数据并行）': {
      labels: ['不切（DDP）', 'ZeRO-1', 'ZeRO-2', 'ZeRO-3'],
      values: stages,
      xLabel: '切分方式',
      yLabel: 'GiB / 卡',
    },
    'LLaMA-7B 微调的模型状态（不含激活）': {
      labels: ['全参 Adam', 'LoRA r = 8（W_q、W_v）', 'QLoRA r = 8（W_q、W_v）', 'QLoRA r = 64（全部线性层）'],
      values: [...ft, qloraAll],
      xLabel: '做法',
      yLabel: 'GiB',
    },
  };
}
