import * as tf from '@tensorflow/tfjs';
import { ffnSwiglu, llamaHiddenDim } from '../glu/glu.ts';
import { rmsNorm } from '../rmsnorm/rmsnorm.ts';
import { applyRope } from '../rope/rope.ts';

/** 一个块的形状：d 是残差流宽度，nHeads 个 query 头、nKvHeads 个 key/value 头，每头 dHead 维，FFN 宽 dFf。 */
export interface BlockConfig {
  d: number;
  nHeads: number;
  nKvHeads: number;
  dHead: number;
  dFf: number;
  ropeBase: number;
  eps: number;
}

/**
 * 一个块的权重，矩阵按 [输入, 输出] 存，前向是 x·W（与 glu.ts 相同）。
 * 名字对应 Meta Llama 代码：wq / wk / wv / wo 是注意力的四个投影，w1 / w3 / w2 是 SwiGLU 的
 * gate / up / down（HF 的 gate_proj / up_proj / down_proj），attnNorm / ffnNorm 是两个 RMSNorm 的增益 g。
 */
export interface BlockWeights {
  attnNorm: tf.Tensor1D; // [d]
  wq: tf.Tensor2D; // [d, nHeads·dHead]
  wk: tf.Tensor2D; // [d, nKvHeads·dHead]
  wv: tf.Tensor2D; // [d, nKvHeads·dHead]
  wo: tf.Tensor2D; // [nHeads·dHead, d]
  ffnNorm: tf.Tensor1D; // [d]
  w1: tf.Tensor2D; // [d, dFf]，门控分支
  w3: tf.Tensor2D; // [d, dFf]，线性分支
  w2: tf.Tensor2D; // [dFf, d]
}

/** 第 h 个 query 头用第几个 KV 头：每 nHeads/nKvHeads 个相邻的 query 头共用一个（同 Meta 的 repeat_kv）。 */
export function kvHeadOf(h: number, nHeads: number, nKvHeads: number): number {
  if (nHeads % nKvHeads !== 0) throw new Error(`nHeads（${nHeads}）必须是 nKvHeads（${nKvHeads}）的整数倍`);
  return Math.floor(h / (nHeads / nKvHeads));
}

/**
 * 因果自注意力 + RoPE + 分组查询（GQA，Ainslie et al. 2023, arXiv 2305.13245）。
 * xn: [T, d]，已经过 RMSNorm；positions[t] 是第 t 个 token 的位置 m。
 * 返回 out: [T, d]（已乘 W_O）和每个 query 头的注意力权重 probs: [nHeads, T, T]。
 */
export function groupedQueryAttention(
  xn: tf.Tensor2D,
  w: BlockWeights,
  cfg: BlockConfig,
  positions: number[],
): { out: tf.Tensor2D; probs: tf.Tensor3D } {
  const [T] = xn.shape;
  const { nHeads, nKvHeads, dHead, ropeBase } = cfg;
  return tf.tidy(() => {
    const q = tf.matMul(xn, w.wq) as tf.Tensor2D; // [T, nHeads·dHead]
    const k = tf.matMul(xn, w.wk) as tf.Tensor2D; // [T, nKvHeads·dHead]：KV 缓存里存的就是它（RoPE 之后）和 v
    const v = tf.matMul(xn, w.wv) as tf.Tensor2D; // [T, nKvHeads·dHead]
    const head = (t: tf.Tensor, i: number) => tf.slice(t, [0, i * dHead], [T, dHead]) as tf.Tensor2D; // [T, dHead]
    // RoPE 只作用于 q、k，不作用于 v；每个 KV 头只旋转一次，被组内所有 query 头共用
    const kHeads = Array.from({ length: nKvHeads }, (_, g) => applyRope(head(k, g), positions, ropeBase));
    const vHeads = Array.from({ length: nKvHeads }, (_, g) => head(v, g));
    // 因果掩码：位置 m 只看 n ≤ m。用 −1e9 而不是 −∞：softmax 后同样是 0，各后端都不会出 NaN
    const causal = tf.linalg.bandPart(tf.ones([T, T]), -1, 0); // 下三角（含对角线）为 1
    const negative = tf.fill([T, T], -1e9);
    const probs: tf.Tensor2D[] = [];
    const outs: tf.Tensor2D[] = [];
    for (let h = 0; h < nHeads; h++) {
      const g = kvHeadOf(h, nHeads, nKvHeads);
      const qh = applyRope(head(q, h), positions, ropeBase); // [T, dHead]
      const scores = tf.div(tf.matMul(qh, kHeads[g], false, true), Math.sqrt(dHead)); // [T, T]
      const p = tf.softmax(tf.where(tf.cast(causal, 'bool'), scores, negative)) as tf.Tensor2D; // 每行和为 1
      probs.push(p);
      outs.push(tf.matMul(p, vHeads[g]) as tf.Tensor2D); // [T, dHead]
    }
    const concat = tf.concat(outs, 1) as tf.Tensor2D; // [T, nHeads·dHead]
    return { out: tf.matMul(concat, w.wo) as tf.Tensor2D, probs: tf.stack(probs) as tf.Tensor3D };
  });
}

/**
 * 一个 pre-norm 解码器块（LLaMA 系的写法，Meta llama3/model.py 的 TransformerBlock.forward）：
 *   h = x + Attn(RMSNorm(x))
 *   y = h + FFN_SwiGLU(RMSNorm(h))
 * x: [T, d] → y: [T, d]。归一化只在子层入口，残差流本身从不被归一化。
 */
export function decoderBlock(x: tf.Tensor2D, w: BlockWeights, cfg: BlockConfig, positions: number[]): tf.Tensor2D {
  return tf.tidy(() => {
    const { out } = groupedQueryAttention(rmsNorm(x, w.attnNorm, cfg.eps), w, cfg, positions);
    const h = tf.add(x, out) as tf.Tensor2D; // 第一条残差
    return tf.add(h, ffnSwiglu(rmsNorm(h, w.ffnNorm, cfg.eps), w.w1, w.w3, w.w2)) as tf.Tensor2D; // 第二条残差
  });
}

/**
 * 一个块的参数量（无偏置，LLaMA 式）：
 *   注意力 W_Q、W_O 各 d·n_h·d_h，W_K、W_V 各 d·n_kv·d_h
 *   SwiGLU 三个矩阵 3·d·d_ff
 *   两个 RMSNorm 的增益 2·d
 */
export function blockParams(cfg: Pick<BlockConfig, 'd' | 'nHeads' | 'nKvHeads' | 'dHead' | 'dFf'>) {
  const { d, nHeads, nKvHeads, dHead, dFf } = cfg;
  const q = d * nHeads * dHead;
  const kv = d * nKvHeads * dHead;
  const parts = { wq: q, wk: kv, wv: kv, wo: q, w1: d * dFf, w3: d * dFf, w2: d * dFf, norms: 2 * d };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { ...parts, attention: 2 * q + 2 * kv, ffn: 3 * d * dFf, total };
}

/** 整个模型：L 个块 + 词嵌入 V·d + 输出层 V·d（tied 时共用词嵌入）+ 最后一个 RMSNorm d。 */
export function modelParams(
  cfg: Pick<BlockConfig, 'd' | 'nHeads' | 'nKvHeads' | 'dHead' | 'dFf'>,
  nLayers: number,
  vocab: number,
  tiedEmbeddings: boolean,
): number {
  return nLayers * blockParams(cfg).total + vocab * cfg.d * (tiedEmbeddings ? 1 : 2) + cfg.d;
}

/**
 * Llama 3 8B 的形状（meta-llama/llama-models 的 sku_list：dim 4096、n_layers 32、n_heads 32、n_kv_heads 8、
 * ffn_dim_multiplier 1.3、multiple_of 1024、vocab_size 128256、rope_theta 500000、norm_eps 1e-5；词嵌入与输出层不共用）。
 */
export const LLAMA3_8B = {
  d: 4096,
  nHeads: 32,
  nKvHeads: 8,
  dHead: 4096 / 32,
  dFf: llamaHiddenDim(4096, 1024, 1.3), // = 14336
  nLayers: 32,
  vocab: 128256,
  tiedEmbeddings: false,
};

/** 演示用的确定性权重（示意，不是训练出来的）：sin 公式，按 1/√行数 缩放，让各层输出量级相近。 */
export function toyMatrix(rows: number, cols: number, seed: number, scale = 1): number[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from(
      { length: cols },
      (_, j) => (scale * Math.sin(seed + 0.7 * i + 1.3 * j + 0.1 * i * j)) / Math.sqrt(rows),
    ),
  );
}

export function toyWeights(cfg: BlockConfig): BlockWeights {
  const { d, nHeads, nKvHeads, dHead, dFf } = cfg;
  const m = (r: number, c: number, s: number, scale = 1) => tf.tensor2d(toyMatrix(r, c, s, scale));
  const gain = (s: number) => tf.tensor1d(Array.from({ length: d }, (_, i) => 1 + 0.1 * Math.cos(s + i)));
  return {
    attnNorm: gain(1),
    wq: m(d, nHeads * dHead, 2, 3), // W_Q 放大 3 倍，让注意力权重不那么平均
    wk: m(d, nKvHeads * dHead, 3),
    wv: m(d, nKvHeads * dHead, 4),
    wo: m(nHeads * dHead, d, 5),
    ffnNorm: gain(6),
    w1: m(d, dFf, 7),
    w3: m(d, dFf, 8),
    w2: m(dFf, d, 9),
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export async function main() {
  // 玩具配置：6 个 token、d = 16、4 个 query 头、2 个 KV 头（每 2 个 query 头共用一组 k、v）、每头 4 维
  const cfg: BlockConfig = {
    d: 16,
    nHeads: 4,
    nKvHeads: 2,
    dHead: 4,
    dFf: llamaHiddenDim(16, 16),
    ropeBase: 10000,
    eps: 1e-5,
  };
  const T = 6;
  const positions = range(T);
  const w = toyWeights(cfg);
  const x = tf.tensor2d(toyMatrix(T, cfg.d, 10, 4)); // 残差流输入 [6, 16]

  const y = decoderBlock(x, w, cfg, positions); // [6, 16]
  const xn = rmsNorm(x, w.attnNorm, cfg.eps); // 注意力子层的输入
  const { out, probs } = groupedQueryAttention(xn, w, cfg, positions);
  console.log(`输入 x ${JSON.stringify(x.shape)} → 输出 y ${JSON.stringify(y.shape)}；d_ff = ${cfg.dFf}`);
  console.log(
    `query 头 → KV 头：${range(cfg.nHeads)
      .map((h) => `${h}→${kvHeadOf(h, cfg.nHeads, cfg.nKvHeads)}`)
      .join('，')}`,
  );

  // 因果性：改掉最后一个 token，前 5 个位置的输出一点不变
  const changed = tf.tidy(() => {
    const x2 = tf.concat([tf.slice(x, [0, 0], [T - 1, cfg.d]), tf.fill([1, cfg.d], 0.5)]) as tf.Tensor2D;
    const y2 = decoderBlock(x2, w, cfg, positions);
    const gap = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.max(tf.abs(tf.sub(a, b)));
    return [gap(tf.slice(y, [0, 0], [T - 1, cfg.d]), tf.slice(y2, [0, 0], [T - 1, cfg.d])), gap(y, y2)];
  });
  const [before, all] = await Promise.all(changed.map((t) => t.array() as Promise<number>));
  console.log(`改最后一个 token：前 5 个位置的输出最大变化 ${before}，整个输出最大变化 ${all.toFixed(4)}`);

  // 参数量：公式 vs 逐个权重张量数元素
  const counted = Object.values(w).reduce((s, t: tf.Tensor) => s + t.size, 0);
  const toy = blockParams(cfg);
  console.log(
    `玩具块参数：公式 ${toy.total}，逐个张量数 ${counted}（注意力 ${toy.attention}，FFN ${toy.ffn}，RMSNorm ${toy.norms}）`,
  );

  const llama = blockParams(LLAMA3_8B);
  const total = modelParams(LLAMA3_8B, LLAMA3_8B.nLayers, LLAMA3_8B.vocab, LLAMA3_8B.tiedEmbeddings);
  const embeddings = 2 * LLAMA3_8B.vocab * LLAMA3_8B.d;
  console.log(
    `Llama 3 8B：d_ff = ${LLAMA3_8B.dFf}，每块 ${llama.total.toLocaleString('en-US')}（注意力 ${llama.attention.toLocaleString('en-US')}，FFN ${llama.ffn.toLocaleString('en-US')}）`,
  );
  console.log(
    `  32 块 ${(32 * llama.total).toLocaleString('en-US')} + 词嵌入与输出层 ${embeddings.toLocaleString('en-US')} + 最后的 RMSNorm ${LLAMA3_8B.d} = ${total.toLocaleString('en-US')}`,
  );
  const mha = blockParams({ ...LLAMA3_8B, nKvHeads: 32 });
  console.log(
    `  若用 MHA（32 个 KV 头），每块注意力 ${mha.attention.toLocaleString('en-US')}，多 ${(mha.attention - llama.attention).toLocaleString('en-US')}`,
  );

  const probsHead0 = (await probs.array())[0];
  const yValues = await y.array();
  tf.dispose([x, xn, y, out, probs, ...changed, ...Object.values(w)]);
  const millions = (n: number) => Math.round(n / 1e4) / 100;
  return {
    '注意力权重（query 头 0，因果掩码）': {
      values: probsHead0,
      xLabel: 'n（key 的位置）',
      yLabel: 'm（query 的位置）',
    },
    '块输出 y（6 个 token × 16 维）': { values: yValues, xLabel: '维度', yLabel: 'token 位置' },
    'Llama 3 8B 一个块的参数（百万）': {
      labels: ['W_Q', 'W_K', 'W_V', 'W_O', 'W_gate', 'W_up', 'W_down', 'RMSNorm×2'],
      values: [llama.wq, llama.wk, llama.wv, llama.wo, llama.w1, llama.w3, llama.w2, llama.norms].map(millions),
      xLabel: '权重',
      yLabel: '参数（百万）',
    },
  };
}
