import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, forEachBackend, loadReference, ref, runChecked, runMain } from '../_test/harness';
import { applyRope, attentionScore, main, ropeFrequencies } from './rope';

const reference = loadReference(import.meta.url);
const tol = reference.tolerance;
const x = ref<number[][]>(reference, 'inputs', 'x');
const positions = ref<number[]>(reference, 'inputs', 'positions');
const q = ref<number[]>(reference, 'inputs', 'q');
const k = ref<number[]>(reference, 'inputs', 'k');
const scorePairs = ref<[number, number][]>(reference, 'inputs', 'score_pairs');

it('ropeFrequencies matches θ_i = base^(−2i/d)', () => {
  expectClose(ropeFrequencies(8), ref(reference, 'cases', 'frequencies_d8'), tol, 'd=8');
  expectClose(ropeFrequencies(64), ref(reference, 'cases', 'frequencies_d64'), tol, 'd=64');
  expectClose(ropeFrequencies(8, 500000), ref(reference, 'cases', 'frequencies_d8_base500000'), tol, 'base');
  expect(() => ropeFrequencies(7)).toThrow();
});

forEachBackend(() => {
  it('applyRope matches the complex-multiplication reference', async () => {
    const input = tf.tensor2d(x);
    for (const [base, key] of [[10000, 'rope_x'], [500000, 'rope_x_base500000']] as const) {
      const { shape, values } = await runChecked(() => applyRope(input, positions, base));
      expect(shape).toEqual([6, 8]);
      expectClose(values, ref(reference, 'cases', key), tol, key);
    }
    expect(() => applyRope(input, [0, 1])).toThrow();
    input.dispose();
  });

  it('attentionScore matches the reference for every (m, n)', async () => {
    const [qT, kT] = [tf.tensor1d(q), tf.tensor1d(k)];
    const scores: number[] = [];
    for (const [m, n] of scorePairs) {
      const { shape, values } = await runChecked(() => attentionScore(qT, kT, m, n));
      expect(shape).toEqual([]);
      scores.push(values as number);
    }
    expectClose(scores, ref(reference, 'cases', 'scores'), tol, 'scores');
    tf.dispose([qT, kT]);
  });

  it('main() runs, returns the decay curve and the 16×16 score matrix, leaks nothing', async () => {
    const { values, shapes, printed } = await runMain(main);
    expect(shapes).toEqual({ 'score vs relative distance': [128], 'scores[m][n], m, n = 0..15': [16, 16] });
    expectClose(values['score vs relative distance'], ref(reference, 'cases', 'main_score_vs_relative_distance'), tol, 'decay');
    expectClose(values['scores[m][n], m, n = 0..15'], ref(reference, 'cases', 'main_scores_16x16'), tol, 'heatmap');
    expect(printed.join('\n')).toContain('(m, n) = (1005, 1002)');
  });
});
