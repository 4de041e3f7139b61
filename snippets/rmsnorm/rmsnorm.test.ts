import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as rmsnorm from './rmsnorm';

snippetSuite(import.meta.url, rmsnorm, ({ tol, input, expected, mainOutput }) => {
  it('layerNormStats: per-row mean and biased variance match torch.var(correction=0)', async () => {
    const x = tf.tensor2d(input<number[][]>('x'));
    const { mean, variance } = rmsnorm.layerNormStats(x);
    expect(mean.shape).toEqual([4]);
    expect(variance.shape).toEqual([4]);
    expectClose(await mean.array(), expected('stats_mean'), tol, 'stats_mean');
    expectClose(await variance.array(), expected('stats_variance'), tol, 'stats_variance');
    tf.dispose([x, mean, variance]);
  });

  it('normCost counts what the two functions do', () => {
    expect(rmsnorm.normCost(4096)).toEqual({
      layerNorm: { reductions: 2, elementwisePerElement: 6, params: 8192 },
      rmsNorm: { reductions: 1, elementwisePerElement: 3, params: 4096 },
    });
  });

  it('main() prints the statistics and the cost comparison', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('σ²（有偏，÷8）= 1.1250');
    expect(printed).toContain('mean(x²) = 10.1250');
    expect(printed).toContain('LayerNorm 532480，RMSNorm 266240');
  });

  it('rmsNorm matches the reference (default eps and eps = 1e-2)', async () => {
    const [x, w] = [tf.tensor2d(input<number[][]>('x')), tf.tensor1d(input<number[]>('weight'))];
    for (const [eps, key] of [
      [undefined, 'rms_norm'],
      [1e-2, 'rms_norm_eps1e-2'],
    ] as const) {
      const { shape, values } = await runChecked(() => rmsnorm.rmsNorm(x, w, eps));
      expect(shape).toEqual([4, 16]);
      expectClose(values, expected(key), tol, key);
    }
    tf.dispose([x, w]);
  });

  it('layerNorm matches F.layer_norm (default eps and eps = 1e-2)', async () => {
    const x = tf.tensor2d(input<number[][]>('x'));
    const [g, b] = [tf.tensor1d(input<number[]>('gamma')), tf.tensor1d(input<number[]>('beta'))];
    for (const [eps, key] of [
      [undefined, 'layer_norm'],
      [1e-2, 'layer_norm_eps1e-2'],
    ] as const) {
      const { shape, values } = await runChecked(() => rmsnorm.layerNorm(x, g, b, eps));
      expect(shape).toEqual([4, 16]);
      expectClose(values, expected(key), tol, key);
    }
    tf.dispose([x, g, b]);
  });
});
