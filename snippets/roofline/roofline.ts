import * as tf from '@tensorflow/tfjs';
import { LLAMA3_8B, LLAMA_7B, kvCacheBytes, weightBytes, type ModelConfig } from '../memory/memory.ts';

/**
 * 一台设备的两个上限（厂商数据表的理论峰值）：peakFlops 是每秒浮点运算数，bandwidth 是每秒能从
 * 主存（显存）读写的字节数。Roofline 模型（Williams et al. 2009）：可达性能 = min(峰值, 强度 × 带宽)。
 */
export interface Device {
  name: string;
  peakFlops: number; // FLOP/s
  bandwidth: number; // byte/s
}

/** H100 SXM：BF16 Tensor Core 稠密 989.4 TFLOP/s（NVIDIA 的 H100 架构白皮书；数据手册只列 2:4 稀疏下的 1979），HBM3 3.35 TB/s（数据手册） */
export const H100_SXM: Device = { name: 'H100 SXM', peakFlops: 989.4e12, bandwidth: 3.35e12 };

/** 只比带宽的设备（解码是带宽受限的，峰值算力在这里用不上，记为 Infinity） */
export const M4_MAX: Device = { name: 'Apple M4 Max', peakFlops: Infinity, bandwidth: 546e9 };
export const DDR5_DESKTOP: Device = { name: '双通道 DDR5-5600 台式机', peakFlops: Infinity, bandwidth: 89.6e9 };

/** 参与矩阵乘的参数：每层 W_q、W_k、W_v、W_o、SwiGLU 三个矩阵，加输出层（词嵌入查表、RMSNorm 不做矩阵乘） */
export function matmulParams(c: ModelConfig): number {
  const attn = 2 * c.dModel * c.nHeads * c.headDim + 2 * c.dModel * c.nKvHeads * c.headDim;
  return c.nLayers * (attn + 3 * c.dModel * c.dFf) + c.vocab * c.dModel;
}

export interface Work {
  flops: number;
  bytes: number;
}

/**
 * 一个解码步：batch 条序列各生成 1 个 token，每条已缓存 ctx 个 token。
 * - 线性层：每个参数一次乘加 = 2 FLOP，乘 batch；权重整份读一遍（batch 条序列共用）。
 * - 注意力：新 token 看 ctx + 1 个位置（含它自己），q·k 与 p·v 各 2·(ctx + 1)·headDim FLOP/头，
 *   共 4·L·nHeads·headDim·(ctx + 1)·batch；
 *   KV cache 每条序列各读一遍：2·L·nKvHeads·headDim·ctx·batch·kvBytes。
 * 忽略激活的读写和 softmax、RMSNorm 等逐元素运算（量级小得多）。
 */
export function decodeStep(c: ModelConfig, batch: number, ctx: number, bytesPerParam = 2, kvBytes = 2): Work {
  const p = matmulParams(c);
  const attnFlops = 4 * c.nLayers * c.nHeads * c.headDim * (ctx + 1) * batch;
  const kvRead = 2 * c.nLayers * c.nKvHeads * c.headDim * ctx * batch * kvBytes;
  return { flops: 2 * p * batch + attnFlops, bytes: p * bytesPerParam + kvRead };
}

/**
 * 预填充（prefill）：一次处理 tokens 个提示词 token（batch 1）。各层线性层 2·P_layers·tokens FLOP，
 * 输出层只算最后一个位置的 logits（下一个 token 只要它）；权重仍只读一遍。
 * 因果注意力第 i 个 token 看 i 个位置，共 4·L·nHeads·headDim·tokens·(tokens + 1)/2 FLOP；写入 KV cache。
 */
export function prefill(c: ModelConfig, tokens: number, bytesPerParam = 2, kvBytes = 2): Work {
  const p = matmulParams(c);
  const head = c.vocab * c.dModel;
  const attnFlops = (4 * c.nLayers * c.nHeads * c.headDim * tokens * (tokens + 1)) / 2;
  const kvWrite = 2 * c.nLayers * c.nKvHeads * c.headDim * tokens * kvBytes;
  return { flops: 2 * (p - head) * tokens + 2 * head + attnFlops, bytes: p * bytesPerParam + kvWrite };
}

/**
 * 显存装得下的最大 batch：扣掉 16 位权重后，剩下的显存能放几条各缓存 ctx 个 token 的序列
 * （不计激活和框架开销，所以是上限）。屋顶线只看带宽和算力，不管装不装得下，要用这个数把 batch 截住。
 */
export function maxBatchThatFits(c: ModelConfig, ctx: number, memoryBytes: number): number {
  return Math.floor((memoryBytes - weightBytes(c)) / kvCacheBytes(c, ctx));
}

/** 算术强度 I = FLOP / 字节 */
export function intensity(w: Work): number {
  return w.flops / w.bytes;
}

/** 屋顶线：可达 FLOP/s = min(峰值, I × 带宽)。intensities: [n] → [n] */
export function attainable(intensities: tf.Tensor1D, d: Device): tf.Tensor1D {
  return tf.tidy(() => tf.minimum(tf.mul(intensities, d.bandwidth), d.peakFlops));
}

/** 屋脊点：强度高于它才可能跑满算力 */
export function ridgePoint(d: Device): number {
  return d.peakFlops / d.bandwidth;
}

/** batch 1、短上下文时每秒 token 数的上限：每生成一个 token 至少把权重读一遍 */
export function tokensPerSecondBound(c: ModelConfig, d: Device, bytesPerParam = 2): number {
  return d.bandwidth / (matmulParams(c) * bytesPerParam);
}

export async function main() {
  const d = H100_SXM;
  console.log(`${d.name}：屋脊点 ${ridgePoint(d).toFixed(1)} FLOP/字节（989.4 TFLOP/s ÷ 3.35 TB/s）`);

  const dec = decodeStep(LLAMA_7B, 1, 0);
  const pre = prefill(LLAMA_7B, 2048);
  const ctx = 1024; // 解码时每条序列已缓存的 token 数
  const dec1k = decodeStep(LLAMA_7B, 1, ctx);
  console.log(`LLaMA-7B fp16，解码 batch 1（不计 KV）：强度 ${intensity(dec).toFixed(2)} FLOP/字节`);
  console.log(`LLaMA-7B fp16，解码 batch 1、已缓存 ${ctx} 个 token：强度 ${intensity(dec1k).toFixed(2)} FLOP/字节`);
  console.log(`LLaMA-7B fp16，预填充 2048 个 token：强度 ${intensity(pre).toFixed(0)} FLOP/字节`);

  // batch 从 1 到 512：强度随 batch 上升，但 KV cache 的读取随 batch 一起涨，强度有上限
  const batches = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
  const curve = async (c: ModelConfig) => {
    const I = tf.tensor1d(batches.map((b) => intensity(decodeStep(c, b, ctx))));
    const perf = attainable(I, d);
    const tflops = tf.div(perf, 1e12);
    const values = Array.from(await tflops.data());
    tf.dispose([I, perf, tflops]);
    return values;
  };
  const [llama, llama3] = [await curve(LLAMA_7B), await curve(LLAMA3_8B)];
  for (const [name, v] of [
    ['LLaMA-7B（32 个 KV 头）', llama],
    ['Llama-3-8B（8 个 KV 头）', llama3],
  ] as const) {
    console.log(
      `${name} 在 ${d.name} 上解码，batch 1 / 64 / 512 的可达算力：${[v[0], v[6], v[9]].map((x) => x.toFixed(1)).join(' / ')} TFLOP/s`,
    );
  }

  // 屋顶线不管显存：batch 512 的点在 80 GB 的卡上其实装不下
  const hbm = 80e9; // H100 SXM 的 80 GB 显存（按 10^9 字节算，偏保守）
  for (const c of [LLAMA_7B, LLAMA3_8B]) {
    const bMax = maxBatchThatFits(c, ctx, hbm);
    const perf = Math.min(d.peakFlops, intensity(decodeStep(c, bMax, ctx)) * d.bandwidth) / 1e12;
    console.log(
      `${c.name}：80 GB 显存扣掉 16 位权重后，每条缓存 ${ctx} 个 token 时最多放 ${bMax} 条序列，此时可达 ${perf.toFixed(1)} TFLOP/s`,
    );
  }

  // batch 1 的生成速度上限：带宽 ÷ 每 token 要读的权重字节
  const devices = [H100_SXM, M4_MAX, DDR5_DESKTOP];
  const bounds = devices.map((dev) => tokensPerSecondBound(LLAMA_7B, dev));
  devices.forEach((dev, i) => console.log(`${dev.name}：LLaMA-7B fp16 batch 1 至多 ${bounds[i].toFixed(1)} token/s`));

  // 屋顶线本身：强度取 2 的幂
  const xs = Array.from({ length: 13 }, (_, i) => 2 ** i); // 1 … 4096
  const I = tf.tensor1d(xs);
  const roof = attainable(I, d);
  const roofT = tf.div(roof, 1e12);
  const roofValues = Array.from(await roofT.data());
  tf.dispose([I, roof, roofT]);

  const batchAxis = { x: batches.map(String), xLabel: `batch（每条已缓存 ${ctx} 个 token）`, yLabel: 'TFLOP/s' };
  return {
    'H100 SXM 的屋顶线': { x: xs.map(String), y: roofValues, xLabel: '算术强度（FLOP/字节）', yLabel: '可达 TFLOP/s' },
    'LLaMA-7B 解码': { ...batchAxis, y: llama },
    'Llama-3-8B 解码': { ...batchAxis, y: llama3 },
    'LLaMA-7B fp16 batch 1 的生成速度上限': {
      labels: devices.map((dev) => dev.name),
      values: bounds,
      xLabel: '设备',
      yLabel: 'token/s',
    },
  };
}
