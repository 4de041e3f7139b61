import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as dpo from './dpo';

snippetSuite(import.meta.url, dpo, ({ tol, input, expected, mainOutput }) => {
  const load = () => {
    const t = (k: string) => tf.tensor2d(input<number[][]>(k));
    const [mw, ml] = [t('mask_w'), t('mask_l')];
    const w = dpo.sequenceLogProb(t('tok_pi_w'), mw);
    const l = dpo.sequenceLogProb(t('tok_pi_l'), ml);
    const rw = dpo.sequenceLogProb(t('tok_ref_w'), mw);
    const rl = dpo.sequenceLogProb(t('tok_ref_l'), ml);
    return { w, l, rw: rw.sum, rl: rl.sum };
  };

  it('sequenceLogProb sums only the masked-in tokens', async () => {
    tf.engine().startScope();
    const { w } = load();
    expectClose(await w.sum.array(), expected('seq_sum_w'), tol, 'seq_sum_w');
    expectClose(await w.length.array(), expected('seq_len_w'), tol, 'seq_len_w');
    tf.engine().endScope();
  });

  it('dpoLoss matches TRL sigmoid loss (F.logsigmoid) for beta 0.1 and 0.5, with rewards and stats', async () => {
    tf.engine().startScope();
    const { w, l, rw, rl } = load();
    const d = await runChecked(() => dpo.logRatioGap(w.sum, l.sum, rw, rl));
    expectClose(d.values, expected('delta'), tol, 'delta');
    for (const beta of [0.1, 0.5]) {
      const { shape, values } = await runChecked(() => dpo.dpoLoss(w.sum, l.sum, rw, rl, beta));
      expect(shape).toEqual([8]);
      expectClose(values, expected(`dpo_${beta}`), tol, `dpo_${beta}`);
      const r = dpo.impliedRewards(w.sum, l.sum, rw, rl, beta);
      expectClose(await r.chosen.array(), expected(`reward_chosen_${beta}`), tol, 'chosen');
      expectClose(await r.rejected.array(), expected(`reward_rejected_${beta}`), tol, 'rejected');
      const s = dpo.rewardStats(r.chosen, r.rejected);
      expectClose(await s.accuracy.array(), expected(`accuracy_${beta}`), tol, 'accuracy');
      expectClose(await s.margin.array(), expected(`margin_${beta}`), tol, 'margin');
      const delta = tf.tensor1d(d.values as number[]);
      const wt = await runChecked(() => dpo.dpoGradWeight(delta, beta));
      expectClose(wt.values, expected(`weight_${beta}`), tol, `weight_${beta}`);
    }
    tf.engine().endScope();
  });

  it('simpoLoss matches TRL CPOTrainer simpo; ipoLoss matches IPO eq. (17)', async () => {
    tf.engine().startScope();
    const { w, l, rw, rl } = load();
    for (const [beta, gamma, key] of [
      [2.0, 1.0, 'simpo_b2_g1'],
      [2.5, 0, 'simpo_b2.5_g0'],
    ] as const) {
      const { values } = await runChecked(() => dpo.simpoLoss(w.sum, w.length, l.sum, l.length, beta, gamma));
      expectClose(values, expected(key), tol, key);
    }
    const ipo = await runChecked(() => dpo.ipoLoss(w.sum, l.sum, rw, rl, 0.1));
    expectClose(ipo.values, expected('ipo_tau0.1'), tol, 'ipo');
    tf.engine().endScope();
  });

  it('main() prints the loss for three betas and SimPO/IPO', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('β = 0.1：DPO 损失 0.6558');
    expect(printed).toContain('β = 0.5：DPO 损失 0.5347');
    expect(printed).toContain('SimPO（β = 2，γ = 1）：0.9442');
  });
});
