import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as rope from './rope';

snippetSuite(import.meta.url, rope, ({ tol, input, expected, mainOutput }) => {
  it('ropeFrequencies matches θ_i = base^(−2i/d)', () => {
    expectClose(rope.ropeFrequencies(8), expected('frequencies_d8'), tol, 'd=8');
    expectClose(rope.ropeFrequencies(64), expected('frequencies_d64'), tol, 'd=64');
    expectClose(rope.ropeFrequencies(8, 500000), expected('frequencies_d8_base500000'), tol, 'base');
    expect(() => rope.ropeFrequencies(7)).toThrow();
  });

  it('applyRope matches the complex-multiplication reference', async () => {
    const x = tf.tensor2d(input<number[][]>('x'));
    for (const [base, key] of [
      [10000, 'rope_x'],
      [500000, 'rope_x_base500000'],
    ] as const) {
      const { shape, values } = await runChecked(() => rope.applyRope(x, input<number[]>('positions'), base));
      expect(shape).toEqual([6, 8]);
      expectClose(values, expected(key), tol, key);
    }
    expect(() => rope.applyRope(x, [0, 1])).toThrow();
    x.dispose();
  });

  it('attentionScore matches the reference for every (m, n)', async () => {
    const [q, k] = [tf.tensor1d(input<number[]>('q')), tf.tensor1d(input<number[]>('k'))];
    const scores: number[] = [];
    for (const [m, n] of input<[number, number][]>('score_pairs')) {
      const { shape, values } = await runChecked(() => rope.attentionScore(q, k, m, n));
      expect(shape).toEqual([]);
      scores.push(values as number);
    }
    expectClose(scores, expected('scores'), tol, 'scores');
    tf.dispose([q, k]);
  });

  it('float32 angle tables (Meta precompute_freqs_cis) match torch.outer in float32 at far positions', async () => {
    const x = tf.tensor2d(input<number[][]>('x'));
    const { values } = await runChecked(() => rope.applyRope(x, input<number[]>('far_positions'), 10000, 'float32'));
    expectClose(values, expected('rope_x_far_float32_angles'), tol, 'rope_x_far_float32_angles');
    x.dispose();
    const [q, k] = [tf.tensor1d(input<number[]>('q')), tf.tensor1d(input<number[]>('k'))];
    const scores: number[] = [];
    for (const [m, n] of input<[number, number][]>('far_pairs')) {
      scores.push((await runChecked(() => rope.attentionScore(q, k, m, n, 10000, 'float32'))).values as number);
    }
    expectClose(scores, expected('scores_far_float32_angles'), tol, 'scores_far_float32_angles');
    tf.dispose([q, k]);
  });

  it('ropeFrequenciesFloat32 follows Meta precompute_freqs_cis step by step in float32', async () => {
    expectClose(rope.ropeFrequenciesFloat32(128), expected('frequencies_d128_float32_meta'), tol, 'd=128');
    expectClose(
      rope.ropeFrequenciesFloat32(128, 500000),
      expected('frequencies_d128_base500000_float32_meta'),
      tol,
      'base',
    );
    // 1 ulp in θ_i moves the angle at m ≈ 10⁶ by ~10⁻² rad: these cases tell Meta's float32 θ_i
    // from float64 θ_i rounded to float32
    const x = tf.tensor2d(input<number[][]>('x128'));
    for (const [base, key] of [
      [10000, 'rope_x128_far_float32_angles'],
      [500000, 'rope_x128_far_float32_angles_base500000'],
    ] as const) {
      const { values } = await runChecked(() =>
        rope.applyRope(x, input<number[]>('far_positions_128'), base, 'float32'),
      );
      expectClose(values, expected(key), tol, key);
    }
    x.dispose();
  });

  it('main() prints the shifted pairs', async () => {
    expect((await mainOutput()).printed.join('\n')).toContain('(m, n) = (1005, 1002)');
  });
});
