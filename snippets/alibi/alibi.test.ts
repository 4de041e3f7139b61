import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as alibi from './alibi';

snippetSuite(import.meta.url, alibi, ({ tol, input, expected, mainOutput }) => {
  it('alibiSlopes follows the official rule (powers of two and not)', () => {
    for (const n of [8, 12, 40, 112]) expectClose(alibi.alibiSlopes(n), expected(`slopes_${n}`), tol, `slopes_${n}`);
  });

  it('alibiBias: −m(i − j) below the diagonal, −Infinity above (6 heads, 5 positions)', async () => {
    const { shape, values } = await runChecked(() => alibi.alibiBias(6, 5));
    expect(shape).toEqual([6, 5, 5]);
    expectClose(values, expected('bias_6_5'), tol, 'bias_6_5');
  });

  it('alibiBiasShifted: the m·j rows of the official code and BLOOM', async () => {
    const { shape, values } = await runChecked(() => alibi.alibiBiasShifted(6, 5));
    expect(shape).toEqual([6, 5, 5]);
    expectClose(values, expected('bias_shifted_6_5'), tol, 'bias_shifted_6_5');
  });

  it('weights and output match scaled_dot_product_attention with the bias as attn_mask', async () => {
    const [q, k, v] = (['q', 'k', 'v'] as const).map((key) => tf.tensor3d(input<number[][][]>(key))) as [
      tf.Tensor3D,
      tf.Tensor3D,
      tf.Tensor3D,
    ];
    const bias = alibi.alibiBias(6, 5);
    const shifted = alibi.alibiBiasShifted(6, 5);
    const w = await runChecked(() => alibi.attentionWeights(q, k, bias));
    expect(w.shape).toEqual([6, 5, 5]);
    expectClose(w.values, expected('weights_6_5'), tol, 'weights_6_5');
    // the shifted bias differs by a constant per row, so the weights are the same
    expectClose(
      (await runChecked(() => alibi.attentionWeights(q, k, shifted))).values,
      expected('weights_6_5'),
      tol,
      'weights (m·j)',
    );
    const out = await runChecked(() => alibi.alibiAttention(q, k, v, bias));
    expect(out.shape).toEqual([6, 5, 4]);
    expectClose(out.values, expected('attention_6_5'), tol, 'attention_6_5');
    tf.dispose([q, k, v, bias, shifted]);
  });

  it('main() prints the slopes for 8 and 12 heads', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('8 个头的斜率');
    expect(printed).toContain('12 个头的斜率');
  });
});
