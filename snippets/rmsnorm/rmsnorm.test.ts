import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as rmsnorm from './rmsnorm';

snippetSuite(import.meta.url, rmsnorm, ({ tol, input, expected }) => {
  it('rmsNorm matches the reference (default eps and eps = 1e-2)', async () => {
    const [x, w] = [tf.tensor2d(input<number[][]>('x')), tf.tensor1d(input<number[]>('weight'))];
    for (const [eps, key] of [[undefined, 'rms_norm'], [1e-2, 'rms_norm_eps1e-2']] as const) {
      const { shape, values } = await runChecked(() => rmsnorm.rmsNorm(x, w, eps));
      expect(shape).toEqual([4, 16]);
      expectClose(values, expected(key), tol, key);
    }
    tf.dispose([x, w]);
  });

  it('layerNorm matches F.layer_norm (default eps and eps = 1e-2)', async () => {
    const x = tf.tensor2d(input<number[][]>('x'));
    const [g, b] = [tf.tensor1d(input<number[]>('gamma')), tf.tensor1d(input<number[]>('beta'))];
    for (const [eps, key] of [[undefined, 'layer_norm'], [1e-2, 'layer_norm_eps1e-2']] as const) {
      const { shape, values } = await runChecked(() => rmsnorm.layerNorm(x, g, b, eps));
      expect(shape).toEqual([4, 16]);
      expectClose(values, expected(key), tol, key);
    }
    tf.dispose([x, g, b]);
  });
});
