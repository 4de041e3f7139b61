import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as block from './decoder-block';

const NAMES = ['attnNorm', 'wq', 'wk', 'wv', 'wo', 'ffnNorm', 'w1', 'w3', 'w2'] as const;
// reference.py 的 TOY：与 main() 的玩具配置相同
const cfg: block.BlockConfig = { d: 16, nHeads: 4, nKvHeads: 2, dHead: 4, dFf: 48, ropeBase: 10000, eps: 1e-5 };

snippetSuite(import.meta.url, block, ({ tol, input, expected, mainOutput }) => {
  const loadWeights = () =>
    Object.fromEntries(
      NAMES.map((n) => [n, tf.tensor(input<number[] | number[][]>(`w_${n}`))]),
    ) as unknown as block.BlockWeights;
  it('decoderBlock matches torch (RMSNorm, complex RoPE, causal SDPA with repeat_interleave, F.silu)', async () => {
    const [x, w] = [tf.tensor2d(input<number[][]>('x')), loadWeights()];
    const positions = [0, 1, 2, 3, 4, 5];
    for (const [shift, key] of [
      [0, 'block_pos0'],
      [100, 'block_pos100'],
    ] as const) {
      const { shape, values } = await runChecked(() =>
        block.decoderBlock(
          x,
          w,
          cfg,
          positions.map((p) => p + shift),
        ),
      );
      expect(shape).toEqual([6, 16]);
      expectClose(values, expected(key), tol, key);
    }
    // 一个 KV 头（MQA）：取 wk、wv 的前 dHead 列
    const mqa = { ...w, wk: tf.slice(w.wk, [0, 0], [16, 4]), wv: tf.slice(w.wv, [0, 0], [16, 4]) };
    const { values } = await runChecked(() => block.decoderBlock(x, mqa, { ...cfg, nKvHeads: 1 }, positions));
    expectClose(values, expected('block_mqa'), tol, 'block_mqa');
    tf.dispose([x, mqa.wk, mqa.wv, ...Object.values(w)]);
  });

  it('groupedQueryAttention: output and causal weights match the reference', async () => {
    const [x, w] = [tf.tensor2d(input<number[][]>('x')), loadWeights()];
    const xn = tf.tidy(() => {
      const meanSquare = tf.mean(tf.square(x), -1, true);
      return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, cfg.eps))), w.attnNorm) as tf.Tensor2D;
    });
    const { out, probs } = block.groupedQueryAttention(xn, w, cfg, [0, 1, 2, 3, 4, 5]);
    expect(probs.shape).toEqual([4, 6, 6]);
    expectClose(await out.array(), expected('attention_out'), tol, 'attention_out');
    expectClose(await probs.array(), expected('attention_probs'), tol, 'attention_probs');
    tf.dispose([x, xn, out, probs, ...Object.values(w)]);
  });

  it('kvHeadOf groups adjacent query heads, as repeat_interleave does', () => {
    expect([0, 1, 2, 3].map((h) => block.kvHeadOf(h, 4, 2))).toEqual([0, 0, 1, 1]);
    expect([0, 7, 8, 31].map((h) => block.kvHeadOf(h, 32, 8))).toEqual([0, 1, 2, 7]);
    expect(() => block.kvHeadOf(0, 6, 4)).toThrow();
  });

  it('parameter counts match nn.Module numel', () => {
    const toy = { d: 16, nHeads: 4, nKvHeads: 2, dHead: 4, dFf: 48 };
    expect(block.blockParams(toy).total).toBe(expected('params_toy'));
    const L = block.LLAMA3_8B;
    expect(L.dFf).toBe(14336);
    expect(block.blockParams(L).total).toBe(expected('params_llama3_8b_block'));
    expect(block.modelParams(L, L.nLayers, L.vocab, L.tiedEmbeddings)).toBe(expected('params_llama3_8b_model'));
    const small = { d: 2048, nHeads: 32, nKvHeads: 8, dHead: 64, dFf: 8192 };
    expect(block.modelParams(small, 16, 128256, true)).toBe(expected('params_tied_small'));
  });

  it('main() prints causality and the Llama 3 8B count', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('前 5 个位置的输出最大变化 0，');
    expect(printed).toContain('= 8,030,261,248');
    expect(printed).toContain('每块 218,112,000');
  });
});
