import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as masks from './masks';

snippetSuite(import.meta.url, masks, ({ tol, input, expected, mainOutput }) => {
  it('causalMask and prefixLmMask match is_causal=True and ChatGLM-6B get_masks', async () => {
    const c = await runChecked(() => masks.causalMask(5));
    expect(c.shape).toEqual([5, 5]);
    expectClose(c.values, expected('causal_5'), tol, 'causal_5');
    const p = await runChecked(() => masks.prefixLmMask(5, 2));
    expectClose(p.values, expected('prefix_5_2'), tol, 'prefix_5_2');
    // a prefix of length 0 or 1 is the causal mask
    expectClose((await runChecked(() => masks.prefixLmMask(5, 1))).values, expected('causal_5'), tol, 'prefix 1');
    expect(() => masks.prefixLmMask(5, 6)).toThrow();
  });

  it('weights and outputs match scaled_dot_product_attention under both masks', async () => {
    const [q, k, v] = (['q', 'k', 'v'] as const).map((key) => tf.tensor2d(input<number[][]>(key))) as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor2D,
    ];
    const causal = masks.causalMask(5);
    const prefix = masks.prefixLmMask(5, 2);
    expectClose(
      (await runChecked(() => masks.attentionWeights(q, k, prefix))).values,
      expected('weights_prefix'),
      tol,
      'weights_prefix',
    );
    expectClose(
      (await runChecked(() => masks.attentionWeights(q, k, causal))).values,
      expected('weights_causal'),
      tol,
      'weights_causal',
    );
    const out = await runChecked(() => masks.maskedAttention(q, k, v, prefix));
    expect(out.shape).toEqual([5, 4]);
    expectClose(out.values, expected('out_prefix'), tol, 'out_prefix');
    expectClose(
      (await runChecked(() => masks.maskedAttention(q, k, v, causal))).values,
      expected('out_causal'),
      tol,
      'out_causal',
    );
    tf.dispose([q, k, v, causal, prefix]);
  });

  it('lossMask counts only the target tokens of a prefix LM', () => {
    expectClose(masks.lossMask(5, 2), expected('loss_5_2'), tol, 'loss_5_2');
    expectClose(masks.lossMask(5, 0), expected('loss_5_0'), tol, 'loss_5_0');
  });

  it('main() prints the per-layer differences and the loss masks', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('第 1 层，两种掩码下各位置输出之差');
    expect(printed).toContain('前缀 LM [0, 0, 1, 1, 1]');
  });
});
