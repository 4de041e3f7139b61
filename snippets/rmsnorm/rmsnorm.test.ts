import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, forEachBackend, loadReference, ref, runChecked, runMain } from '../_test/harness';
import { layerNorm, main, rmsNorm } from './rmsnorm';

const reference = loadReference(import.meta.url);
const tol = reference.tolerance;
const x = ref<number[][]>(reference, 'inputs', 'x');
const weight = ref<number[]>(reference, 'inputs', 'weight');
const gamma = ref<number[]>(reference, 'inputs', 'gamma');
const beta = ref<number[]>(reference, 'inputs', 'beta');

forEachBackend(() => {
  it('rmsNorm matches the reference (default eps and eps = 1e-2)', async () => {
    const [xT, wT] = [tf.tensor2d(x), tf.tensor1d(weight)];
    for (const [eps, key] of [[undefined, 'rms_norm'], [1e-2, 'rms_norm_eps1e-2']] as const) {
      const { shape, values } = await runChecked(() => rmsNorm(xT, wT, eps));
      expect(shape).toEqual([4, 16]);
      expectClose(values, ref(reference, 'cases', key), tol, key);
    }
    tf.dispose([xT, wT]);
  });

  it('layerNorm matches F.layer_norm (default eps and eps = 1e-2)', async () => {
    const [xT, gT, bT] = [tf.tensor2d(x), tf.tensor1d(gamma), tf.tensor1d(beta)];
    for (const [eps, key] of [[undefined, 'layer_norm'], [1e-2, 'layer_norm_eps1e-2']] as const) {
      const { shape, values } = await runChecked(() => layerNorm(xT, gT, bT, eps));
      expect(shape).toEqual([4, 16]);
      expectClose(values, ref(reference, 'cases', key), tol, key);
    }
    tf.dispose([xT, gT, bT]);
  });

  it('main() runs, returns the four normalised rows, leaks nothing', async () => {
    const { values, shapes } = await runMain(main);
    const expected: Record<string, string> = {
      'LayerNorm(x)': 'main_layer_norm_x',
      'LayerNorm(x + 3)': 'main_layer_norm_x_plus_3',
      'RMSNorm(x)': 'main_rms_norm_x',
      'RMSNorm(x + 3)': 'main_rms_norm_x_plus_3',
    };
    expect(Object.keys(values).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, key] of Object.entries(expected)) {
      expect(shapes[name]).toEqual([8]);
      expectClose(values[name], ref(reference, 'cases', key), tol, name);
    }
  });
});
