import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as rm from './reward-model';

snippetSuite(import.meta.url, rm, ({ tol, input, expected, mainOutput }) => {
  const pair = () => [tf.tensor1d(input<number[]>('r_chosen')), tf.tensor1d(input<number[]>('r_rejected'))] as const;

  it('pairwiseLoss matches binary_cross_entropy_with_logits (m = 0, scalar m, per-pair m)', async () => {
    const [rc, rr] = pair();
    const m = tf.tensor1d(input<number[]>('margin'));
    for (const [margin, key] of [
      [0, 'loss'],
      [1, 'loss_margin_scalar_1'],
      [m, 'loss_margin_vector'],
    ] as const) {
      const { shape, values } = await runChecked(() => rm.pairwiseLoss(rc, rr, margin));
      expect(shape).toEqual([]);
      expectClose(values, expected(key), tol, key);
    }
    tf.dispose([rc, rr, m]);
  });

  it('accuracy, mean gap and σ(r_c − r_r)', async () => {
    const [rc, rr] = pair();
    expectClose((await runChecked(() => rm.pairAccuracy(rc, rr))).values, expected('accuracy'), tol, 'accuracy');
    expectClose((await runChecked(() => rm.meanRewardGap(rc, rr))).values, expected('mean_gap'), tol, 'mean_gap');
    expectClose((await runChecked(() => rm.preferenceProb(rc, rr))).values, expected('prob'), tol, 'prob');
    tf.dispose([rc, rr]);
  });

  it('a K = 6 ranking expands to the 15 pairs of itertools.combinations, loss averaged over them', async () => {
    const ranking = input<number[]>('ranking_k6');
    expect(rm.rankingPairs(ranking)).toEqual(expected('pairs_k6'));
    const scores = tf.tensor1d(input<number[]>('scores_k6'));
    const { values } = await runChecked(() => rm.rankingLoss(ranking, scores));
    expectClose(values, expected('ranking_loss_k6'), tol, 'ranking_loss_k6');
    scores.dispose();
  });

  it('main() prints the batch and the K = 4 example', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('loss = 0.6259，准确率 = 0.75');
    expect(printed).toContain('展开成 6 对：B>A B>D B>C A>D A>C D>C');
    expect(printed).toContain('所有奖励 +5 后 loss = 0.6259');
  });
});
