import * as tf from '@tensorflow/tfjs';

/**
 * 对称 absmax 量化到 INT8（LLM.int8() 论文 arXiv 2208.07339 第 2 节的 absmax 写法）：
 *   s = max|W| / 127，q = clamp(round(W / s), −127, 127)，反量化 Ŵ = q · s
 * axis = 'tensor'：整个矩阵共用一个 s（逐张量）；
 * axis = 'row'：每一行各用一个 s。W 是 [dOut, dIn] 时，一行就是一个输出通道（逐通道），
 *   X 是 [nTok, dIn] 时，一行就是一个 token（LLM.int8() 的 vector-wise 对激活取的就是这一行）。
 * 返回整数码 q（用 float32 存，值都是 −127…127 的整数）和尺度 scale（[1, 1] 或 [rows, 1]）。
 * tf.round 是四舍六入五成双，与 torch.round 相同。
 */
export function quantizeAbsmax(w: tf.Tensor2D, axis: 'tensor' | 'row'): { q: tf.Tensor2D; scale: tf.Tensor2D } {
  return tf.tidy(() => {
    const absmax = axis === 'tensor' ? tf.reshape(tf.max(tf.abs(w)), [1, 1]) : tf.max(tf.abs(w), 1, true);
    const scale = tf.div(tf.maximum(absmax, 1e-12), 127) as tf.Tensor2D; // 全零行也不除零
    const q = tf.clipByValue(tf.round(tf.div(w, scale)), -127, 127) as tf.Tensor2D;
    return { q, scale };
  });
}

/** 反量化：Ŵ = q · s（scale 按行广播）。 */
export function dequantize(q: tf.Tensor2D, scale: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(q, scale) as tf.Tensor2D);
}

/**
 * 把 float32 张量舍入到最近的 IEEE 754 半精度（FP16）数，结果仍以 float32 存放（tfjs 没有 fp16 张量）。
 * FP16 有 10 位尾数：在 [2^e, 2^(e+1)) 里相邻两数相差 2^(e−10)；e < −14 时是次正规数，间距固定为 2^−24。
 * 所以 round16(x) = round(x / 2^(e−10)) · 2^(e−10)，e = max(floor(log2|x|), −14)，舍入同样是“五成双”。
 * 除以 2 的幂在 float32 里是精确的，只要 |x| 在 FP16 的范围内（≤ 65504，本页的数都远小于它），
 * 结果与 x.to(torch.float16) 逐位相同。超出范围时 FP16 会变成 inf，这里不模拟。
 */
export function roundToFp16(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const a = tf.abs(x);
    const two = tf.scalar(2);
    // floor(log2|x|) 先估，再各修正一次：log 的舍入误差可能让 2 的幂附近差 1
    let e = tf.floor(tf.div(tf.log(tf.maximum(a, 2 ** -40)), Math.LN2));
    e = tf.where(tf.greaterEqual(a, tf.pow(two, tf.add(e, 1))), tf.add(e, 1), e);
    e = tf.where(tf.less(a, tf.pow(two, e)), tf.sub(e, 1), e);
    const ulp = tf.pow(two, tf.sub(tf.maximum(e, -14), 10)); // 相邻两个 FP16 数的间距
    return tf.mul(tf.round(tf.div(x, ulp)), ulp);
  });
}

/**
 * LLM.int8() 的混合精度分解（论文第 3.2 节）：激活 X 里只要某一维（某一列）有 |x| ≥ threshold
 * （论文取 6），这一维就和 W 的对应列一起留在 16 位里算；其余维度按 X 逐行、W 逐行（输出通道）
 * 量化成 INT8 相乘，再用两组尺度的外积反量化。两部分相加：
 *   Y ≈ X_O · W_Oᵀ（16 位）+ s_X s_Wᵀ ⊙ (q_X,rest · q_W,restᵀ)（INT8）
 * 16 位部分这里用 roundToFp16 模拟 FP16 存储（乘加在 float32 里做，和 tensor core 的 FP32 累加一样）。
 * x: [nTok, dIn]，w: [dOut, dIn]（nn.Linear 的布局），返回 [nTok, dOut]。
 */
export function int8Decomposed(x: tf.Tensor2D, w: tf.Tensor2D, threshold = 6): tf.Tensor2D {
  return tf.tidy(() => {
    const outlierCol = tf.greaterEqual(tf.max(tf.abs(x), 0), threshold); // [dIn] 布尔
    const keep = tf.cast(outlierCol, 'float32'); // 离群维为 1
    const rest = tf.sub(1, keep);
    // 16 位部分：只保留离群维
    const x16 = tf.mul(roundToFp16(x), keep);
    const w16 = tf.mul(roundToFp16(w), keep);
    const y16 = tf.matMul(x16, w16, false, true);
    // INT8 部分：离群维置零后再取 absmax，尺度不再被离群值撑大
    const xq = quantizeAbsmax(tf.mul(x, rest) as tf.Tensor2D, 'row');
    const wq = quantizeAbsmax(tf.mul(w, rest) as tf.Tensor2D, 'row');
    const acc = tf.matMul(xq.q, wq.q, false, true); // 整数乘加（真实内核里是 INT32 累加）
    const y8 = tf.mul(acc, tf.matMul(xq.scale, wq.scale, false, true)); // 外积 s_X s_Wᵀ: [nTok, dOut]
    return tf.add(y16, y8) as tf.Tensor2D;
  });
}

/**
 * Y = X Wᵀ 的几种算法，x: [nTok, dIn]，w: [dOut, dIn]：
 *   'fp16'         W、X 都舍入成 FP16，float32 乘加
 *   'w8-tensor'    只量化权重（W8A16 一类），逐张量；X 保持原样
 *   'w8-row'       只量化权重，逐输出通道
 *   'w8a8-tensor'  W 逐通道、X 逐张量，都成 INT8
 *   'w8a8-token'   W 逐通道、X 逐 token（LLM.int8() 的 vector-wise）
 *   'llm-int8'     在 w8a8-token 之上加混合精度分解（阈值 6）
 */
export type Scheme = 'fp16' | 'w8-tensor' | 'w8-row' | 'w8a8-tensor' | 'w8a8-token' | 'llm-int8';

export function quantizedMatmul(x: tf.Tensor2D, w: tf.Tensor2D, scheme: Scheme): tf.Tensor2D {
  return tf.tidy(() => {
    const deq = (t: tf.Tensor2D, axis: 'tensor' | 'row') => {
      const { q, scale } = quantizeAbsmax(t, axis);
      return dequantize(q, scale);
    };
    switch (scheme) {
      case 'fp16':
        return tf.matMul(roundToFp16(x), roundToFp16(w), false, true);
      case 'w8-tensor':
        return tf.matMul(x, deq(w, 'tensor'), false, true);
      case 'w8-row':
        return tf.matMul(x, deq(w, 'row'), false, true);
      case 'w8a8-tensor':
        return tf.matMul(deq(x, 'tensor'), deq(w, 'row'), false, true);
      case 'w8a8-token':
        return tf.matMul(deq(x, 'row'), deq(w, 'row'), false, true);
      case 'llm-int8':
        return int8Decomposed(x, w);
    }
  });
}

/** 相对误差 ‖Ŷ − Y‖_F / ‖Y‖_F。 */
export function relativeError(yHat: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.norm(tf.sub(yHat, y)), tf.norm(y)) as tf.Scalar);
}

/**
 * 一个 [dOut, dIn] 线性层的权重占多少字节：FP16 每个数 2 字节；INT8 每个数 1 字节，
 * 另加尺度（每个输出通道一个，或每 groupSize 个输入一个），尺度按 FP16 存（2 字节）。
 */
export function weightBytes(dOut: number, dIn: number, format: 'fp16' | 'int8-row' | 'int4-group', groupSize = 128) {
  if (format === 'fp16') return 2 * dOut * dIn;
  if (format === 'int8-row') return dOut * dIn + 2 * dOut;
  return (dOut * dIn) / 2 + 2 * dOut * Math.ceil(dIn / groupSize); // 每个 INT4 半字节
}

/**
 * 屋顶线（roofline）估算：b 个 token 乘一个 [d, d] 权重，要 2·b·d² 次运算、读一遍权重。
 * 时间 ≈ max(读权重的字节 / 带宽, 运算量 / 峰值)，忽略激活、KV cache 和内核开销，只作示意。
 * 仅权重 INT8（W8A16）在内核里反量化回 FP16 再算，算力仍是 FP16 的峰值；W8A8 用 INT8 tensor core。
 */
export function rooflineMicroseconds(
  b: number,
  d: number,
  hw: { bandwidth: number; fp16Flops: number; int8Ops: number },
) {
  const ops = 2 * b * d * d;
  const t = (bytes: number, peak: number) => Math.max(bytes / hw.bandwidth, ops / peak) * 1e6;
  return {
    fp16: t(2 * d * d, hw.fp16Flops),
    w8a16: t(d * d, hw.fp16Flops),
    w8a8: t(d * d, hw.int8Ops),
  };
}

/** 可复现的伪随机数（Park–Miller minstd，整数运算在 double 里精确），近似标准正态（4 个均匀数之和）。 */
export function pseudoNormal(n: number, seed: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < 4; k++) {
      s = (s * 48271) % 2147483647;
      sum += s / 2147483647;
    }
    out.push((sum - 2) * Math.sqrt(3)); // 4 个 U(0,1) 之和的方差是 1/3
  }
  return out;
}

export async function main() {
  const [nTok, dIn, dOut] = [16, 64, 32];
  // 权重：各输出通道的量级不同（第 i 行乘 0.25…2 之间的一个因子），这是逐通道量化占便宜的地方
  const wFlat = pseudoNormal(dOut * dIn, 20220815).map(
    (v, k) => v * 0.02 * (0.25 + (1.75 * Math.floor(k / dIn)) / (dOut - 1)),
  );
  const xFlat = pseudoNormal(nTok * dIn, 22081507);
  const outlierDim = 5; // 离群维：第 5 维整体放大到 ±20 上下（LLM.int8() 观察到的那种系统性离群特征）
  const xOutFlat = xFlat.map((v, k) => (k % dIn === outlierDim ? 20 + v : v));
  const w = tf.tensor2d(wFlat, [dOut, dIn]);
  const x = tf.tensor2d(xFlat, [nTok, dIn]);
  const xOut = tf.tensor2d(xOutFlat, [nTok, dIn]);

  const schemes: Scheme[] = ['fp16', 'w8-tensor', 'w8-row', 'w8a8-tensor', 'w8a8-token', 'llm-int8'];
  const labels = ['FP16', 'W8 逐张量', 'W8 逐通道', 'W8A8 X逐张量', 'W8A8 X逐token', 'LLM.int8()'];
  const errors = async (xs: tf.Tensor2D) => {
    const y = tf.matMul(xs, w, false, true); // float32 的参考结果
    const out: number[] = [];
    for (const s of schemes) {
      const err = tf.tidy(() => relativeError(quantizedMatmul(xs, w, s), y));
      out.push(await err.array());
      err.dispose();
    }
    y.dispose();
    return out;
  };
  const plain = await errors(x);
  const withOutlier = await errors(xOut);

  // 权重本身的量化误差：逐张量 vs 逐通道（‖Ŵ − W‖_F / ‖W‖_F）
  const wErr = tf.tidy(() => {
    const t = quantizeAbsmax(w, 'tensor');
    const r = quantizeAbsmax(w, 'row');
    return [relativeError(dequantize(t.q, t.scale), w), relativeError(dequantize(r.q, r.scale), w)];
  });
  const [wErrTensor, wErrRow] = [await wErr[0]!.array(), await wErr[1]!.array()];
  // 有离群维时，X 逐张量的尺度被撑到多大：普通维上的数只剩几个整数码
  const xScale = tf.tidy(() => quantizeAbsmax(xOut, 'tensor').scale);
  const scaleOut = (await xScale.data())[0] ?? NaN;
  tf.dispose([w, x, xOut, ...wErr, xScale]);

  const pct = (v: number) => `${(100 * v).toFixed(3)}%`;
  console.log(`Y = X Wᵀ，X: [${nTok}, ${dIn}]，W: [${dOut}, ${dIn}]；相对误差 ‖Ŷ − Y‖/‖Y‖`);
  console.log(`${'算法'.padEnd(14)}${'无离群维'.padStart(10)}${'第 5 维 ≈ 20'.padStart(14)}`);
  labels.forEach((name, i) =>
    console.log(`${name.padEnd(14)}${pct(plain[i]!).padStart(10)}${pct(withOutlier[i]!).padStart(14)}`),
  );
  console.log(`权重自身的量化误差：逐张量 ${pct(wErrTensor)}，逐通道 ${pct(wErrRow)}`);
  console.log(
    `有离群维时 X 逐张量的尺度 s = ${scaleOut.toFixed(4)}：|x| ≈ 1 的普通值只落在约 ±${Math.round(1 / scaleOut)} 个整数码上`,
  );

  // 字节与速度：一个 4096 × 4096 的投影矩阵（Llama 2 7B 的 q_proj 形状）
  const d = 4096;
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  console.log(
    `${d}×${d} 权重：FP16 ${mb(weightBytes(d, d, 'fp16'))}，INT8 逐通道 ${mb(weightBytes(d, d, 'int8-row'))}，` +
      `INT4 每组 128 ${mb(weightBytes(d, d, 'int4-group'))}`,
  );
  // H100 SXM 稠密峰值取 NVIDIA 的 H100 架构白皮书：FP16/BF16 tensor 989.4 TFLOPS、INT8 1978.9 TOPS
  // （数据手册只列含 2:4 稀疏的 1979 / 3958，是这两个数的两倍再四舍五入）；HBM3 3.35 TB/s 取数据手册
  const h100 = { bandwidth: 3.35e12, fp16Flops: 989.4e12, int8Ops: 1978.9e12 };
  const batches = [1, 16, 64, 128, 256, 512, 1024, 2048];
  const times = batches.map((b) => rooflineMicroseconds(b, d, h100));
  console.log('屋顶线估算（H100 SXM，微秒）：b = token 数');
  batches.forEach((b, i) => {
    const t = times[i]!;
    console.log(
      `b = ${String(b).padStart(4)}：FP16 ${t.fp16.toFixed(2)}，W8A16 ${t.w8a16.toFixed(2)}，W8A8 ${t.w8a8.toFixed(2)}；` +
        `W8A16 提速 ${(t.fp16 / t.w8a16).toFixed(2)}×，W8A8 提速 ${(t.fp16 / t.w8a8).toFixed(2)}×`,
    );
  });

  return {
    '矩阵乘的相对误差：无离群维': { labels, values: plain, yLabel: '‖Ŷ − Y‖ / ‖Y‖' },
    '矩阵乘的相对误差：X 第 5 维 ≈ 20': { labels, values: withOutlier, yLabel: '‖Ŷ − Y‖ / ‖Y‖' },
    '屋顶线估算：W8A16 相对 FP16 的提速（H100 SXM，4096×4096）': {
      x: batches.map(String),
      y: times.map((t) => t.fp16 / t.w8a16),
      xLabel: 'token 数 b',
      yLabel: '提速倍数',
    },
    '屋顶线估算：W8A8 相对 FP16 的提速（H100 SXM，4096×4096）': {
      x: batches.map(String),
      y: times.map((t) => t.fp16 / t.w8a8),
      xLabel: 'token 数 b',
      yLabel: '提速倍数',
    },
  };
}
