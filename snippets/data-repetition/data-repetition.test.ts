import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as dr from './data-repetition';

snippetSuite(import.meta.url, dr, ({ tol, input, expected, mainOutput }) => {
  it('effectiveEpochs follows the datablations formula (whole and fractional epochs, below one epoch)', async () => {
    for (const [key, name] of [
      ['probe', 'effective_probe'],
      ['odd', 'effective_odd'],
    ] as const) {
      const e = tf.tensor1d(input<number[]>(key));
      const { shape, values } = await runChecked(() => dr.effectiveEpochs(e));
      expect(shape).toEqual([input<number[]>(key).length]);
      expectClose(values, expected(name), tol, name);
      e.dispose();
    }
  });

  it('valuePerToken, marginalValue and another R*', async () => {
    const e = tf.tensor1d(input<number[]>('probe'));
    expectClose((await runChecked(() => dr.valuePerToken(e))).values, expected('value_probe'), tol, 'value');
    expectClose((await runChecked(() => dr.marginalValue(e))).values, expected('marginal_probe'), tol, 'marginal');
    expectClose(
      (await runChecked(() => dr.effectiveEpochs(e, 5))).values,
      expected('effective_probe_rstar5'),
      tol,
      'R* = 5',
    );
    e.dispose();
  });

  it('main() prints the table and the limit', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('16.39 × U_D');
    expect(printed).toContain('93.1%');
  });
});
