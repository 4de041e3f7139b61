import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import { LLAMA3_8B, LLAMA_7B } from '../memory/memory.ts';
import * as roofline from './roofline';

snippetSuite(import.meta.url, roofline, ({ tol, input, expected, mainOutput }) => {
  const pair = (w: roofline.Work) => [w.flops, w.bytes];

  it('decodeStep counts the FLOPs and bytes the torch forward hooks see', () => {
    expectClose(pair(roofline.decodeStep(LLAMA_7B, 1, 0)), expected('decode_b1_ctx0'), tol, 'b1');
    expectClose(pair(roofline.decodeStep(LLAMA_7B, 8, 1024)), expected('decode_b8_ctx1024'), tol, 'b8');
    expectClose(pair(roofline.decodeStep(LLAMA3_8B, 8, 1024)), expected('decode_llama3_b8_ctx1024'), tol, 'gqa');
  });

  it('prefill counts causal attention and the KV cache it writes', () => {
    expectClose(pair(roofline.prefill(LLAMA_7B, 2048)), expected('prefill_2048_attention_and_bytes'), tol, 'prefill');
  });

  it('ridge point and tokens/s bounds', () => {
    expectClose([roofline.ridgePoint(roofline.H100_SXM)], [expected<number>('ridge_h100')], tol, 'ridge');
    const devices = [roofline.H100_SXM, roofline.M4_MAX, roofline.DDR5_DESKTOP];
    const bounds = devices.map((d) => roofline.tokensPerSecondBound(LLAMA_7B, d));
    expectClose(bounds, expected('tokens_per_second_fp16'), tol, 'tokens/s');
  });

  it('maxBatchThatFits leaves room for the 16-bit weights on an 80 GB card', () => {
    const fits = [LLAMA_7B, LLAMA3_8B].map((c) => roofline.maxBatchThatFits(c, 1024, 80e9));
    expect(fits).toEqual(expected('max_batch_80gb_ctx1024'));
  });

  it('attainable is min(peak, I × bandwidth)', async () => {
    const I = tf.tensor1d(input<number[]>('batches'));
    const { values } = await runChecked(() => roofline.attainable(I, roofline.H100_SXM));
    I.dispose();
    const want = input<number[]>('batches').map((x) => Math.min(989.4e12, x * 3.35e12));
    expectClose(values, want, { atol: 1e6, rtol: 1e-6 }, 'attainable');
  });

  it('main() prints the ridge point and the intensities', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('屋脊点 295.3 FLOP/字节');
    expect(printed).toContain('解码 batch 1（不计 KV）：强度 1.00 FLOP/字节');
    expect(printed).toContain('预填充 2048 个 token：强度 1934 FLOP/字节');
    expect(printed).toContain('3.4 / 62.0 / 81.9 TFLOP/s');
    expect(printed).toContain('3.4 / 141.2 / 318.5 TFLOP/s');
    expect(printed).toContain('至多 253.5 token/s');
    expect(printed).toContain('最多放 123 条序列，此时可达 71.5 TFLOP/s');
    expect(printed).toContain('最多放 476 条序列，此时可达 314.2 TFLOP/s');
  });
});
