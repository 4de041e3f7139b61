import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as np from './norm-position';

snippetSuite(import.meta.url, np, ({ tol, input, expected, mainOutput }) => {
  const load = () => ({
    x0: tf.tensor2d(input<number[][]>('x0')),
    y: tf.tensor2d(input<number[][]>('target')),
    W1s: input<number[][][]>('W1').map((w) => tf.tensor2d(w)),
    W2s: input<number[][][]>('W2').map((w) => tf.tensor2d(w)),
  });

  it('forward matches the torch stack (Post-LN and Pre-LN)', async () => {
    const { x0, y, W1s, W2s } = load();
    for (const kind of ['post', 'pre'] as const) {
      const { shape, values } = await runChecked(() => np.forward(kind, x0, W1s, W2s));
      expect(shape).toEqual([4, 8]);
      expectClose(values, expected(`forward_${kind}`), tol, `forward_${kind}`);
    }
    tf.dispose([x0, y, ...W1s, ...W2s]);
  });

  it('w2GradNorms matches torch.autograd', async () => {
    const { x0, y, W1s, W2s } = load();
    for (const kind of ['post', 'pre'] as const) {
      const { shape, values } = await runChecked(() => np.w2GradNorms(kind, x0, y, W1s, W2s));
      expect(shape).toEqual([6]);
      expectClose(values, expected(`grad_norms_${kind}`), tol, `grad_norms_${kind}`);
    }
    tf.dispose([x0, y, ...W1s, ...W2s]);
  });

  it('mulberry32 and initStack reproduce the Python generator', () => {
    const rand = np.mulberry32(1);
    expectClose(Array.from({ length: 5 }, rand), expected('mulberry32_seed1'), tol, 'mulberry32');
    const s = np.initStack(7, 2, 3, 4, 2);
    expectClose(s.W1, expected('init_seed7_W1'), tol, 'W1');
    expectClose(s.W2, expected('init_seed7_W2'), tol, 'W2');
    expectClose(s.x0, expected('init_seed7_x0'), tol, 'x0');
    expectClose(s.target, expected('init_seed7_target'), tol, 'target');
  });

  it('main() prints the per-layer table and the depth sweep', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('Post-LN');
    expect(printed).toContain('k = 12');
  });
});
