import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectTransform1d, snippetSuite } from '../_test/harness';
import * as sampling from './sampling';

snippetSuite(import.meta.url, sampling, ({ tol, input, expected, mainOutput }) => {
  const logits = input<number[]>('logits');
  const previousIds = input<number[]>('previous_ids');

  /** One transform of the reference logits against cases[key] (leak and shape checked). */
  const check = (key: string, transform: (z: tf.Tensor1D) => tf.Tensor1D) =>
    expectTransform1d(key, logits, transform, expected(key), tol);

  it('applyTemperature', async () => {
    await check('temperature_0.5', (z) => sampling.applyTemperature(z, 0.5));
    await check('temperature_1.5', (z) => sampling.applyTemperature(z, 1.5));
  });

  it('topKFilter keeps the k largest logits, the rest −Infinity', async () => {
    for (const k of input<number[]>('ks')) await check(`top_k_${k}`, (z) => sampling.topKFilter(z, k));
  });

  it('topPFilter keeps the smallest set reaching p (the crossing token included)', async () => {
    for (const p of input<number[]>('ps')) await check(`top_p_${p}`, (z) => sampling.topPFilter(z, p));
  });

  it('minPFilter keeps tokens with P ≥ min_p · p_max (HF MinPLogitsWarper)', async () => {
    for (const mp of input<number[]>('min_ps')) await check(`min_p_${mp}`, (z) => sampling.minPFilter(z, mp));
  });

  it('repetitionPenalty penalises each previous id once, by sign', async () => {
    await check('repetition_penalty_1.3', (z) => sampling.repetitionPenalty(z, previousIds, 1.3));
    await check('repetition_penalty_0.8', (z) => sampling.repetitionPenalty(z, previousIds, 0.8));
  });

  it('main() prints a header and one line per token', async () => {
    expect((await mainOutput()).printed.length).toBe(11);
  });
});
