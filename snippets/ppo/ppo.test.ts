import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as ppo from './ppo';

snippetSuite(import.meta.url, ppo, ({ tol, input, expected, mainOutput }) => {
  const t2 = (key: string) => tf.tensor2d(input<number[][]>(key));

  it('clipObjective matches torch.min(ρA, torch.clamp(ρ)A) for ε = 0.2 and 0.1', async () => {
    const [logp, newLogp, adv] = [t2('logp'), t2('new_logp'), t2('adv')];
    const ratio = tf.exp(tf.sub(newLogp, logp));
    for (const [eps, key] of [
      [0.2, 'clip_objective'],
      [0.1, 'clip_objective_eps0.1'],
    ] as const) {
      const { shape, values } = await runChecked(() => ppo.clipObjective(ratio, adv, eps));
      expect(shape).toEqual([3, 5]);
      expectClose(values, expected(key), tol, key);
    }
    for (const [eps, key] of [
      [0.2, 'clip_fraction'],
      [0.1, 'clip_fraction_eps0.1'],
    ] as const) {
      const frac = await runChecked(() => ppo.clipFraction(ratio, adv, eps));
      expectClose(frac.values, expected(key), tol, key);
    }
    const { values } = await runChecked(() =>
      ppo.ppoLoss(newLogp as tf.Tensor2D, logp as tf.Tensor2D, adv as tf.Tensor2D),
    );
    expectClose(values, expected('ppo_loss'), tol, 'ppo_loss');
    tf.dispose([logp, newLogp, adv, ratio]);
  });

  it('klPenalizedRewards and gae match the TRL-style reverse loop', async () => {
    const [logp, ref, values] = [t2('logp'), t2('ref_logp'), t2('values')];
    const scores = tf.tensor1d(input<number[]>('scores'));
    const rewards = ppo.klPenalizedRewards(scores, logp, ref, 0.1);
    expectClose(await rewards.array(), expected('kl_rewards'), tol, 'kl_rewards');
    const out = ppo.gae(rewards, values, 0.99, 0.9);
    expectClose(await out.advantages.array(), expected('gae_advantages'), tol, 'gae_advantages');
    expectClose(await out.returns.array(), expected('gae_returns'), tol, 'gae_returns');
    tf.dispose([logp, ref, values, scores, rewards, out]);
  });

  it('grpoAdvantages and k3Kl', async () => {
    const group = t2('group_rewards');
    const { shape, values } = await runChecked(() => ppo.grpoAdvantages(group));
    expect(shape).toEqual([2, 4]);
    expectClose(values, expected('grpo_advantages'), tol, 'grpo_advantages');
    const [newLogp, ref] = [t2('new_logp'), t2('ref_logp')];
    const k3 = await runChecked(() => ppo.k3Kl(newLogp, ref));
    expectClose(k3.values, expected('k3'), tol, 'k3');
    tf.dispose([group, newLogp, ref]);
  });

  it('weightMemoryGB: 16 bytes per trained parameter, 2 per frozen one', () => {
    expect(ppo.weightMemoryGB(7, true)).toBe(112);
    expect(ppo.weightMemoryGB(7, false)).toBe(14);
  });

  it('main() prints the losses and the memory arithmetic', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('112 × 2 + 14 × 2 = 252 GB');
    expect(printed).toContain('PPO 截断损失（GAE 优势）= -0.0808');
    expect(printed).toContain('（|ρ − 1| > 0.2）：25.0%');
    expect(printed).toContain('pg_clipfrac）：12.5%');
  });
});
