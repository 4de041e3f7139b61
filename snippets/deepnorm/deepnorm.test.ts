import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as dn from './deepnorm';

snippetSuite(import.meta.url, dn, ({ tol, input, expected, mainOutput }) => {
  it('deepnormConstants matches torchscale (and the paper for the encoder-decoder encoder β)', () => {
    const settings: [string, dn.Arch, number, number][] = [
      ['encoder_24', 'encoder', 24, 0],
      ['decoder_70', 'decoder', 0, 70],
      ['encdec_6_6', 'encoder-decoder', 6, 6],
      ['encdec_100_100', 'encoder-decoder', 100, 100],
    ];
    for (const [key, arch, N, M] of settings) {
      const c = dn.deepnormConstants(arch, N, M);
      for (const [part, ab] of Object.entries(c)) {
        for (const name of ['alpha', 'beta'] as const) {
          const label = `const_${key}_${part}_${name}`;
          expectClose(ab[name], expected(label), tol, label);
        }
      }
    }
  });

  const load = () => {
    const x = tf.tensor2d(input<number[][]>('x'));
    const layers = [0, 1].map(
      (i) =>
        Object.fromEntries(
          dn.PARAM_NAMES.map((k) => [k, tf.tensor2d(input<number[][]>(`layer${i}_${k}`))]),
        ) as unknown as dn.LayerParams,
    );
    return { x, layers, dispose: () => tf.dispose([x, ...layers.flatMap((p) => Object.values(p))]) };
  };

  it('causalAttention and ffn match torch (softmax with a −inf mask, F.linear, F.relu)', async () => {
    const { x, layers, dispose } = load();
    for (const [key, fn] of [
      ['attention_layer0', dn.causalAttention],
      ['ffn_layer0', dn.ffn],
    ] as const) {
      const { shape, values } = await runChecked(() => fn(x, layers[0]!));
      expect(shape).toEqual([4, 8]);
      expectClose(values, expected(key), tol, key);
    }
    dispose();
  });

  it('forward() matches F.layer_norm stacks for Post-LN, Pre-LN and DeepNorm', async () => {
    const { x, layers, dispose } = load();
    for (const norm of ['post', 'pre', 'deepnorm'] as const) {
      const { shape, values } = await runChecked(() => dn.forward(x, layers, norm, input<number>('alpha')));
      expect(shape).toEqual([4, 8]);
      expectClose(values, expected(`forward_${norm}`), tol, `forward_${norm}`);
    }
    dispose();
  });

  it('updateSize (one step along tf.grads of ⟨F(x), r⟩) matches torch.autograd', async () => {
    const before = tf.memory().numTensors;
    expectClose(await dn.updateSize('deepnorm', 4, 1), expected('update_deepnorm_N4_seed1'), tol, 'deepnorm N=4');
    expectClose(await dn.updateSize('post', 4, 1), expected('update_post_N4_seed1'), tol, 'post N=4');
    expectClose(await dn.updateSize('pre', 4, 1), expected('update_pre_N4_seed1'), tol, 'pre N=4');
    expectClose(
      await dn.updateSize('deepnorm', 4, 1, { step: 'sign' }),
      expected('update_deepnorm_sign_N4_seed1'),
      tol,
      'deepnorm sign N=4',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('main() prints the constants and the three update sizes', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('仅解码器 M = 70：解码器 α = 3.440, β = 0.206');
    for (const name of ['Post-LN', 'Pre-LN', 'DeepNorm']) expect(printed).toContain(name);
  });
});
