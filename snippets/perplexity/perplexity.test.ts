import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as perplexity from './perplexity';

snippetSuite(import.meta.url, perplexity, ({ tol, input, expected, mainOutput }) => {
  const tensors = () =>
    [tf.tensor2d(input<number[][]>('logits')), tf.tensor1d(input<number[]>('targets'), 'int32')] as const;

  it('tokenNll matches F.cross_entropy(reduction="none")', async () => {
    const [logits, targets] = tensors();
    const { shape, values } = await runChecked(() => perplexity.tokenNll(logits, targets));
    expect(shape).toEqual([6]);
    expectClose(values, expected('token_nll'), tol, 'token_nll');
    tf.dispose([logits, targets]);
  });

  it('perplexity is exp(mean NLL) and 2^(bits per token)', async () => {
    const [logits, targets] = tensors();
    const r = await perplexity.perplexity(logits, targets);
    expectClose(r.ppl, expected('ppl'), tol, 'ppl');
    expectClose(r.bitsPerToken, expected('bits_per_token'), tol, 'bits_per_token');
    expect(2 ** r.bitsPerToken).toBeCloseTo(r.ppl, 10);
    tf.dispose([logits, targets]);
  });

  it('passAtK equals 1 − C(n−c, k)/C(n, k) computed with math.comb', () => {
    const got = input<number[][]>('pass_cases').map(([n, c, k]) => perplexity.passAtK(n!, c!, k!));
    expectClose(got, expected('pass_at_k'), tol, 'pass_at_k');
  });

  it('passAtK refuses k > n (passAtK(5, 0, 6) would otherwise say 1 with no passing sample)', () => {
    expect(() => perplexity.passAtK(5, 0, 6)).toThrow(RangeError);
    expect(() => perplexity.passAtK(5, 6, 1)).toThrow(RangeError);
    expect(perplexity.passAtK(5, 0, 5)).toBe(0);
  });

  it('bitsPerByte counts UTF-8 bytes (3 per CJK character)', () => {
    expect(perplexity.bitsPerByte(Math.LN2 * 45, '今天天气很好，我们去公园散步。')).toBeCloseTo(1, 12);
  });

  it('main() prints equal BPB for both tokenizations and the pass@k numbers', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('UTF-8 45 个字节');
    expect(printed).toContain('PPL 2.420，BPB 0.4251');
    expect(printed).toContain('PPL 3.766，BPB 0.4251');
    expect(printed).toContain('无偏估计 0.7632');
  });
});
