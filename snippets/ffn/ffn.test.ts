import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as ffn from './ffn';

snippetSuite(import.meta.url, ffn, ({ tol, input, expected, mainOutput }) => {
  it('gelu, geluTanh, geluSigmoid match F.gelu (both approximations) and F.silu(1.702x)/1.702', async () => {
    const x = tf.tensor1d(input<number[]>('x_act'));
    for (const [fn, key] of [
      [ffn.gelu, 'gelu'],
      [ffn.geluTanh, 'gelu_tanh'],
      [ffn.geluSigmoid, 'gelu_sigmoid'],
    ] as const) {
      const { shape, values } = await runChecked(() => fn(x));
      expect(shape).toEqual([64]);
      expectClose(values, expected(key), tol, key);
    }
    x.dispose();
  });

  it('swish matches F.silu(βx)/β for β = 0.5, 1, 4 and x/2 for β = 0', async () => {
    const x = tf.tensor1d(input<number[]>('x_act'));
    for (const beta of [0, 0.5, 1, 4]) {
      const { values } = await runChecked(() => ffn.swish(x, beta));
      expectClose(values, expected(`swish_${beta}`), tol, `swish_${beta}`);
    }
    x.dispose();
  });

  it('ffn matches F.linear → activation → F.linear (ReLU, GELU, GELU without biases)', async () => {
    const x = tf.tensor2d(input<number[][]>('x'));
    const [w1, w2] = [tf.tensor2d(input<number[][]>('w1')), tf.tensor2d(input<number[][]>('w2'))];
    const [b1, b2] = [tf.tensor1d(input<number[]>('b1')), tf.tensor1d(input<number[]>('b2'))];
    const runs = [
      ['ffn_relu', () => ffn.ffn(x, w1, b1, w2, b2)],
      ['ffn_gelu', () => ffn.ffn(x, w1, b1, w2, b2, ffn.gelu)],
      ['ffn_gelu_no_bias', () => ffn.ffn(x, w1, null, w2, null, ffn.gelu)],
    ] as const;
    for (const [key, run] of runs) {
      const { shape, values } = await runChecked(run);
      expect(shape).toEqual([6, 16]);
      expectClose(values, expected(key), tol, key);
    }
    tf.dispose([x, w1, w2, b1, b2]);
  });

  it('ffnParamCount: 2·d·d_ff plus biases', () => {
    expect(ffn.ffnParamCount(512, 2048)).toBe(2_099_712);
    expect(ffn.ffnParamCount(512, 2048, false)).toBe(2_097_152);
    expect(ffn.ffnParamCount(12288, 49152)).toBe(1_208_020_992);
  });

  it('main() prints the numbers the pages quote', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('2,099,712');
    expect(printed).toContain('116.0B');
    expect(printed).toMatch(/max\|GELU − tanh 近似\| {4}= 4\.73e-4，在 \|x\| ≈ 2\.7/);
    expect(printed).toContain('max 差 = 0.0e+0');
    expect(printed).toContain('括号放错 5.68，正确的 GELU 3.00');
    expect(printed).toContain('SiLU 最小值 -0.2785，在 x ≈ -1.28');
  });
});
