import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { decode, expectClose, forEachBackend, loadReference, ref, runChecked, runMain } from '../_test/harness';
import { applyTemperature, main, repetitionPenalty, topKFilter, topPFilter } from './sampling';

const reference = loadReference(import.meta.url);
const tol = reference.tolerance;
const logits = ref<number[]>(reference, 'inputs', 'logits');
const previousIds = ref<number[]>(reference, 'inputs', 'previous_ids');
const ks = ref<number[]>(reference, 'inputs', 'ks');
const ps = ref<number[]>(reference, 'inputs', 'ps');
const vocab = logits.length;

forEachBackend(() => {
  /** Runs one transform on the reference logits with leak and shape checks, compares to cases[key]. */
  async function check(key: string, transform: (z: tf.Tensor1D) => tf.Tensor1D) {
    const z = tf.tensor1d(logits);
    const { shape, values } = await runChecked(() => transform(z));
    z.dispose();
    expect(shape, key).toEqual([vocab]);
    expectClose(values, ref(reference, 'cases', key), tol, key);
  }

  it('applyTemperature', async () => {
    await check('temperature_0.5', (z) => applyTemperature(z, 0.5));
    await check('temperature_1.5', (z) => applyTemperature(z, 1.5));
  });

  it('topKFilter keeps the k largest logits, the rest −Infinity', async () => {
    for (const k of ks) await check(`top_k_${k}`, (z) => topKFilter(z, k));
  });

  it('topPFilter keeps the smallest set reaching p (the crossing token included)', async () => {
    for (const p of ps) await check(`top_p_${p}`, (z) => topPFilter(z, p));
  });

  it('repetitionPenalty penalises each previous id once, by sign', async () => {
    await check('repetition_penalty_1.3', (z) => repetitionPenalty(z, previousIds, 1.3));
    await check('repetition_penalty_0.8', (z) => repetitionPenalty(z, previousIds, 0.8));
  });

  it('main() runs, returns the six probability series, leaks nothing', async () => {
    const { values, shapes, printed } = await runMain(main);
    const expected = reference.cases.main_probs as Record<string, unknown>;
    expect(Object.keys(values).sort()).toEqual(Object.keys(expected).sort());
    for (const name of Object.keys(expected)) {
      expect(shapes[name]).toEqual([10]);
      expectClose(values[name], decode(expected[name]), tol, name);
    }
    expect(printed.length).toBe(11); // header + one line per token
  });
});
