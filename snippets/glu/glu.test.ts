import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as glu from './glu';

type Ffn = (x: tf.Tensor2D, W: tf.Tensor2D, V: tf.Tensor2D, W2: tf.Tensor2D) => tf.Tensor2D;

snippetSuite(import.meta.url, glu, ({ tol, input, expected, mainOutput }) => {
  const variants: [string, Ffn][] = [
    ['ffn_glu', glu.ffnGlu],
    ['ffn_bilinear', glu.ffnBilinear],
    ['ffn_reglu', glu.ffnReglu],
    ['ffn_geglu', (x, W, V, W2) => glu.ffnGeglu(x, W, V, W2)],
    ['ffn_geglu_tanh', (x, W, V, W2) => glu.ffnGeglu(x, W, V, W2, 'tanh')],
    ['ffn_swiglu', glu.ffnSwiglu],
  ];

  it('every gated FFN matches its PyTorch formulation (F.glu, F.relu, F.gelu, F.silu)', async () => {
    const [x, W, V, W2] = ['x', 'W', 'V', 'W2'].map((k) => tf.tensor2d(input<number[][]>(k))) as tf.Tensor2D[];
    for (const [key, ffn] of variants) {
      const { shape, values } = await runChecked(() => ffn(x, W, V, W2));
      expect(shape, key).toEqual([5, 8]);
      expectClose(values, expected(key), tol, key);
    }
    tf.dispose([x, W, V, W2]);
  });

  it('llamaHiddenDim equals Hugging Face compute_intermediate_size', () => {
    const configs = input<number[][]>('hidden_configs');
    const dims = configs.map(([d, multipleOf, mult]) => glu.llamaHiddenDim(d, multipleOf, mult < 0 ? undefined : mult));
    expect(dims).toEqual(expected('llama_hidden_dim'));
  });

  it('parameter counts: two matrices vs three', () => {
    const configs = input<number[][]>('param_configs');
    expect(configs.map(([d, dFf]) => glu.denseFfnParams(d, dFf))).toEqual(expected('dense_ffn_params'));
    expect(configs.map(([d, dFf]) => glu.gluFfnParams(d, dFf))).toEqual(expected('glu_ffn_params'));
  });

  it('main() prints the gate table, the hidden sizes and the parameter counts', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    for (const s of ['11008', '14336', '28672', '53248', '134,217,728', '135,266,304', '201,326,592'])
      expect(printed).toContain(s);
  });
});
