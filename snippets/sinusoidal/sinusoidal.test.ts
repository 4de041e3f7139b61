import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as sinusoidal from './sinusoidal';

snippetSuite(import.meta.url, sinusoidal, ({ tol, expected, mainOutput }) => {
  it('frequencies are ω_i = 1 / 10000^(2i/d)', () => {
    expectClose(sinusoidal.frequencies(8), expected('frequencies_d8'), tol, 'd=8');
    expect(() => sinusoidal.frequencies(7)).toThrow();
  });

  it('sinusoidalPE matches the exp/log (Annotated Transformer) formulation', async () => {
    const a = await runChecked(() => sinusoidal.sinusoidalPE(16, 8));
    expect(a.shape).toEqual([16, 8]);
    expectClose(a.values, expected('pe_16x8'), tol, 'pe_16x8');
    const b = await runChecked(() => sinusoidal.sinusoidalPE(10, 6, 100));
    expectClose(b.values, expected('pe_10x6_base100'), tol, 'pe_10x6_base100');
  });

  it('offsetMatrix equals the linear map fitted by least squares from (PE(pos), PE(pos + k))', async () => {
    const a = await runChecked(() => sinusoidal.offsetMatrix(7, 8));
    expect(a.shape).toEqual([8, 8]);
    expectClose(a.values, expected('offset_k7_d8'), tol, 'offset_k7_d8');
    const b = await runChecked(() => sinusoidal.offsetMatrix(1, 8, 100));
    expectClose(b.values, expected('offset_k1_d8_base100'), tol, 'offset_k1_d8_base100');
  });

  it('shiftError is at float32 rounding level; dotProfile matches PE @ PE(p)', async () => {
    const pe = sinusoidal.sinusoidalPE(32, 8);
    for (const k of [1, 5, 20]) {
      const { values } = await runChecked(() => sinusoidal.shiftError(pe, k));
      expect(values as number).toBeLessThan(1e-6);
    }
    const p0 = await runChecked(() => sinusoidal.dotProfile(pe, 0));
    expect(p0.shape).toEqual([32]);
    expectClose(p0.values, expected('dot_profile_32x8_p0'), tol, 'p0');
    const p10 = await runChecked(() => sinusoidal.dotProfile(pe, 10));
    expectClose(p10.values, expected('dot_profile_32x8_p10'), tol, 'p10');
    pe.dispose();
  });

  it('main() prints the rotation check and the ± symmetry', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('k = 100：max |M(k)·PE(pos) − PE(pos + k)|');
    expect(printed).toContain('向后、向前同一距离，内积相同');
  });
});
