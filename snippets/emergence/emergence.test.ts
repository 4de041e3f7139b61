import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as em from './emergence';

snippetSuite(import.meta.url, em, ({ tol, input, expected, mainOutput }) => {
  const xs = input<number[]>('log10n');

  /** Runs one export on the reference inputs with leak and shape checks, compares to cases[key]. */
  async function check(key: string, f: (x: tf.Tensor1D) => tf.Tensor1D) {
    const x = tf.tensor1d(xs);
    const { shape, values } = await runChecked(() => f(x));
    x.dispose();
    expect(shape, key).toEqual([xs.length]);
    expectClose(values, expected(key), tol, key);
  }

  it('tokenLoss and tokenAccuracy follow L_CE = (N/c)^α, p = exp(−L_CE)', async () => {
    await check('token_loss', (x) => em.tokenLoss(x));
    await check('token_accuracy', (x) => em.tokenAccuracy(x));
    await check('token_accuracy_alpha_0.3', (x) => em.tokenAccuracy(x, -0.3, 8));
  });

  it('exactMatch is torch.pow(p, L)', async () => {
    await check('exact_match_5', (x) => em.exactMatch(x, 5));
    await check('exact_match_30', (x) => em.exactMatch(x, 30));
  });

  it('expectedWrongTokens is the mean of Binomial(L, 1 − p)', async () => {
    await check('expected_wrong_10', (x) => em.expectedWrongTokens(x, 10));
  });

  it('atLeastK is the upper tail of Binomial(L, p); k = L gives exact match', async () => {
    await check('at_least_8_of_10', (x) => em.atLeastK(x, 10, 8));
    await check('at_least_3_of_4', (x) => em.atLeastK(x, 4, 3));
    await check('at_least_10_of_10', (x) => em.atLeastK(x, 10, 10));
  });

  it('log10NAtScore (closed form) matches a bisection on the torch exact match', () => {
    const got = [
      em.log10NAtScore(0.1, 1),
      em.log10NAtScore(0.9, 1),
      em.log10NAtScore(0.5, 10),
      em.log10NAtScore(0.01, 30),
    ];
    expectClose(got, expected('log10n_at'), tol, 'log10n_at');
  });

  it('logBinom is ln C(n, k) (torch.lgamma)', () => {
    const got = input<number[][]>('log_binom_nk').map(([n, k]) => em.logBinom(n, k));
    expectClose(got, expected('log_binom'), tol, 'log_binom');
  });

  it('main() prints the same 10%→90% width for every L', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('N = 1e9：p = 0.841；L=5 0.421，L=10 0.177，L=30 0.006');
    expect(printed.match(/相隔 2\.68 个数量级/g)?.length).toBe(4);
  });
});
