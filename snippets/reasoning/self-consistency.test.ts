import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as sc from './self-consistency';

snippetSuite(import.meta.url, sc, ({ tol, input, expected, mainOutput }) => {
  const ps = input<number[]>('p');

  it('majorityVoteAccuracy matches torch Binomial for odd and even n', async () => {
    for (const n of [1, 4, 9, 40]) {
      const p = tf.tensor1d(ps);
      const { shape, values } = await runChecked(() => sc.majorityVoteAccuracy(p, n));
      p.dispose();
      expect(shape).toEqual([ps.length]);
      expectClose(values, expected(`maj_${n}`), tol, `maj_${n}`);
    }
  });

  it('samplesNeeded finds the smallest odd n', () => {
    const got = [
      sc.samplesNeeded(0.6, 0.9),
      sc.samplesNeeded(0.7, 0.9),
      sc.samplesNeeded(0.8, 0.99),
      sc.samplesNeeded(0.55, 0.9),
    ];
    expect(got).toEqual(expected('samples_needed'));
  });

  it('main() prints that voting hurts below p = 0.5 and helps above it', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('p = 0.4：n=1 0.400，n=5 0.317，n=15 0.213，n=41 0.097');
    expect(printed).toContain('p = 0.6 时多数投票达到 90% 至少要 n = 41 条推导');
  });
});
