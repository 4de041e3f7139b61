import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as int8 from './int8';

snippetSuite(import.meta.url, int8, ({ tol, input, expected, mainOutput }) => {
  const x = () => tf.tensor2d(input<number[][]>('x'));
  const w = () => tf.tensor2d(input<number[][]>('w'));

  it('roundToFp16 matches Tensor.to(torch.float16): ties to even, subnormals, 65504', async () => {
    const t = tf.tensor2d(input<number[][]>('fp16_in'));
    const { shape, values } = await runChecked(() => int8.roundToFp16(t));
    expect(shape).toEqual([2, 8]);
    // 参考值只存 7 位有效数字，所以用 1e-6 的相对误差比较：差一个 FP16 的 ulp（约 1e-3）会失败
    expectClose(values, expected('fp16_round'), { atol: 1e-12, rtol: 1e-6 }, 'fp16_round');
    t.dispose();
  });

  it('quantizeAbsmax: codes and scales match torch.quantize_per_tensor / quantize_per_channel', async () => {
    const wt = w();
    for (const axis of ['tensor', 'row'] as const) {
      const { q, scale } = int8.quantizeAbsmax(wt, axis);
      expectClose(await q.array(), expected(`w_${axis}_codes`), { atol: 0, rtol: 0 }, `w_${axis}_codes`);
      expectClose(await scale.array(), expected(`w_${axis}_scale`), tol, `w_${axis}_scale`);
      tf.dispose([q, scale]);
    }
    wt.dispose();
  });

  it('quantizedMatmul: every scheme matches the torch reference (LLM.int8() included)', async () => {
    const [xt, wt] = [x(), w()];
    for (const s of ['fp16', 'w8-tensor', 'w8-row', 'w8a8-tensor', 'w8a8-token', 'llm-int8'] as const) {
      const { shape, values } = await runChecked(() => int8.quantizedMatmul(xt, wt, s));
      expect(shape).toEqual([8, 12]);
      expectClose(values, expected(`matmul_${s}`), tol, `matmul_${s}`);
    }
    tf.dispose([xt, wt]);
  });

  it('weightBytes and rooflineMicroseconds count what the page says', () => {
    expect(int8.weightBytes(4096, 4096, 'fp16')).toBe(33554432);
    expect(int8.weightBytes(4096, 4096, 'int8-row')).toBe(16777216 + 8192);
    expect(int8.weightBytes(4096, 4096, 'int4-group')).toBe(8388608 + 2 * 4096 * 32);
    const t = int8.rooflineMicroseconds(1, 4096, { bandwidth: 3.35e12, fp16Flops: 989.4e12, int8Ops: 1978.9e12 });
    expect(t.fp16 / t.w8a16).toBeCloseTo(2, 10);
  });

  it('main() prints the error table, the scale with an outlier and the roofline', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('尺度 s = 0.1725');
    expect(printed).toContain('INT8 逐通道 16.01 MiB');
    expect(printed).toContain('W8A16 提速 1.15×');
  });
});
