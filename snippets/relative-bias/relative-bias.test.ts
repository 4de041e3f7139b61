import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as rb from './relative-bias';

snippetSuite(import.meta.url, rb, ({ tol, input, expected, mainOutput }) => {
  it('t5RelativeBucket matches Hugging Face _relative_position_bucket in eight settings', async () => {
    const cases = [
      // [case, input, bidirectional, numBuckets, maxDistance]
      ['bucket_bidirectional_32_128', 'relative_position', true, 32, 128],
      ['bucket_causal_32_128', 'relative_position', false, 32, 128],
      ['bucket_bidirectional_32_256', 'relative_position', true, 32, 256],
      ['bucket_bidirectional_64_256', 'relative_position', true, 64, 256],
      ['bucket_causal_16_64', 'relative_position', false, 16, 64],
      // Hugging Face 的 float32 值紧挨整数：24/512 在距离 244 处是 4.99992，32/4096 在 1878 处是 6.99998
      ['long_bucket_bidirectional_24_512', 'relative_position_long', true, 24, 512],
      ['long_bucket_bidirectional_32_4096', 'relative_position_long', true, 32, 4096],
      ['long_bucket_causal_32_4096', 'relative_position_long', false, 32, 4096],
    ] as const;
    for (const [key, inputKey, bidirectional, numBuckets, maxDistance] of cases) {
      const values = input<number[]>(inputKey);
      const rel = tf.tensor1d(values, 'int32');
      const out = await runChecked(() => rb.t5RelativeBucket(rel, bidirectional, numBuckets, maxDistance));
      expect(out.shape).toEqual([values.length]);
      expect(out.values, key).toEqual(expected(key)); // 桶号是整数：逐个相等
      rel.dispose();
    }
  });

  it('the two distances next to an integer land where Hugging Face puts them', async () => {
    const rel = tf.tensor1d([-244, -245, -1878, -1879], 'int32');
    const a = await runChecked(() => rb.t5RelativeBucket(rel, true, 24, 512));
    expect((a.values as number[]).slice(0, 2)).toEqual([10, 11]);
    const b = await runChecked(() => rb.t5RelativeBucket(rel, true, 32, 4096));
    expect((b.values as number[]).slice(2)).toEqual([14, 15]);
    rel.dispose();
  });

  it('t5LogBucketStarts equals the first distance of each Hugging Face log bucket', () => {
    expect(rb.t5LogBucketStarts()).toEqual(expected('log_starts_bidirectional_32_128'));
    expect(rb.t5LogBucketStarts(false)).toEqual(expected('log_starts_causal_32_128'));
    expect(rb.t5LogBucketStarts(true, 24, 512)).toEqual(expected('log_starts_bidirectional_24_512'));
    expect(rb.t5LogBucketStarts(true, 32, 4096)).toEqual(expected('log_starts_bidirectional_32_4096'));
    expect(() => rb.t5LogBucketStarts(true, 32, 8)).toThrow();
  });

  it('t5RelativeBucket returns int32 and keeps the input shape', async () => {
    const rel = tf.tensor2d(
      [
        [0, -1],
        [5, -200],
      ],
      [2, 2],
      'int32',
    );
    const out = rb.t5RelativeBucket(rel);
    expect(out.dtype).toBe('int32');
    expect(await out.array()).toEqual([
      [0, 1],
      [21, 15],
    ]);
    tf.dispose([rel, out]);
  });

  it('shawScores matches the tensor2tensor relative attention logits', async () => {
    const [q, k, wK] = [
      tf.tensor2d(input<number[][]>('q')),
      tf.tensor2d(input<number[][]>('k')),
      tf.tensor2d(input<number[][]>('w_k')),
    ];
    const maxRel = input<number>('max_relative_position');
    const a = await runChecked(() => rb.shawScores(q, k, wK, maxRel));
    expect(a.shape).toEqual([6, 6]);
    expectClose(a.values, expected('shaw_scores'), tol, 'shaw_scores');
    const wK1 = tf.slice(wK, [maxRel - 1, 0], [3, -1]) as tf.Tensor2D; // 距离 −1, 0, 1 的三行
    const b = await runChecked(() => rb.shawScores(q, k, wK1, 1));
    expectClose(b.values, expected('shaw_scores_maxrel1'), tol, 'shaw_scores_maxrel1');
    expect(() => rb.shawScores(q, k, wK, 2)).toThrow();
    tf.dispose([q, k, wK, wK1]);
  });

  it('main() prints where each bucket starts', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('64→14 91→15');
    expect(printed).toContain('99→30 113→31');
  });
});
