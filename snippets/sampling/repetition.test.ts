import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, expectTransform1d, snippetSuite } from '../_test/harness';
import * as repetition from './repetition';

snippetSuite(import.meta.url, repetition, ({ tol, input, expected, mainOutput }) => {
  const logits = input<number[]>('logits');
  const ids = input<number[]>('rep_ids');

  /** One transform of the reference logits against cases[key] (leak and shape checked). */
  const check = (key: string, transform: (z: tf.Tensor1D) => tf.Tensor1D) =>
    expectTransform1d(key, logits, transform, expected(key), tol);

  it('the table in the module is the one the reference used', async () => {
    expectClose(repetition.TABLE.flat(), input<number[][]>('rep_table').flat(), tol, 'rep_table');
  });

  it('seqRepN is 1 − unique/total over n-grams', () => {
    for (const n of [1, 2, 3, 4]) expectClose([repetition.seqRepN(ids, n)], [expected<number>(`seq_rep_${n}`)], tol);
  });

  it('noRepeatNgram bans every token that followed the current (n−1)-gram before', async () => {
    for (const n of [2, 3, 4]) await check(`no_repeat_${n}`, (z) => repetition.noRepeatNgram(z, ids, n));
  });

  it('presenceFrequencyPenalty subtracts c·α_f and 1[c>0]·α_p', async () => {
    await check('presence_frequency', (z) => repetition.presenceFrequencyPenalty(z, ids, 0.5, 0.3));
  });

  it('greedy, beam search and sampling on the bigram table follow the reference token by token', async () => {
    const logTable = tf.tidy(() => tf.log(tf.tensor2d(repetition.TABLE)));
    expect(await repetition.greedyDecode(logTable, 0, 20)).toEqual(expected('rep_greedy'));
    for (const b of [1, 2, 3]) {
      expect((await repetition.beamSearch(logTable, 0, 20, b)).ids).toEqual(expected(`rep_beam_${b}`));
    }
    const best = await repetition.beamSearch(logTable, 0, 20, 3);
    expectClose([best.logProb], [expected<number>('rep_beam_3_logprob')], tol, 'rep_beam_3_logprob');
    expect(await repetition.sampleDecode(logTable, 0, input<number[]>('rep_uniforms'))).toEqual(expected('rep_sample'));
    logTable.dispose();
  });

  it('main() prints two lines per decoding run', async () => {
    expect((await mainOutput()).printed.length).toBe(14);
  });
});
