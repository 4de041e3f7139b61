import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as rb from './relative-bias';

snippetSuite(import.meta.url, rb, ({ tol, input, expected, mainOutput }) => {
  it('t5RelativeBucket matches Hugging Face _relative_position_bucket (both directions, other sizes)', async () => {
    const rel = tf.tensor1d(input<number[]>('relative_position'), 'int32');
    const cases = [
      ['bucket_bidirectional_32_128', true, 32, 128],
      ['bucket_causal_32_128', false, 32, 128],
      ['bucket_bidirectional_64_256', true, 64, 256],
      ['bucket_causal_16_64', false, 16, 64],
    ] as const;
    for (const [key, bidirectional, numBuckets, maxDistance] of cases) {
      const { shape, values } = await runChecked(() => rb.t5RelativeBucket(rel, bidirectional, numBuckets, maxDistance));
      expect(shape).toEqual([601]);
      expect(values, key).toEqual(expected(key)); // 桶号是整数：逐个相等
    }
    rel.dispose();
  });

  it('t5RelativeBucket returns int32 and keeps the input shape', async () => {
    const rel = tf.tensor2d([[0, -1], [5, -200]], [2, 2], 'int32');
    const out = rb.t5RelativeBucket(rel);
    expect(out.dtype).toBe('int32');
    expect(await out.array()).toEqual([[0, 1], [21, 15]]);
    tf.dispose([rel, out]);
  });

  it('shawScores matches the tensor2tensor relative attention logits', async () => {
    const [q, k, wK] = [tf.tensor2d(input<number[][]>('q')), tf.tensor2d(input<number[][]>('k')), tf.tensor2d(input<number[][]>('w_k'))];
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
