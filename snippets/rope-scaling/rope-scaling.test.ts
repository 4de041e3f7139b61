import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as rs from './rope-scaling';

snippetSuite(import.meta.url, rs, ({ tol, input, expected, mainOutput }) => {
  it('default, PI and static NTK-aware frequencies match HF (d = 128, base 500000, factor 8)', () => {
    expectClose(rs.defaultInvFreq(128, 500000), expected('default_d128_b500000'), tol, 'default');
    expectClose(rs.piInvFreq(128, 500000, 8), expected('pi_d128_s8'), tol, 'pi');
    expectClose(rs.ntkInvFreq(128, 500000, 8), expected('ntk_d128_s8'), tol, 'ntk');
    expect(() => rs.defaultInvFreq(7, 10000)).toThrow();
  });

  it('dynamic NTK follows HF _compute_dynamic_ntk_parameters', () => {
    expectClose(
      rs.dynamicNtkInvFreq(128, 500000, 1, 8192, 8192),
      expected('dynamic_d128_factor1_len8192'),
      tol,
      'len = L',
    );
    expectClose(
      rs.dynamicNtkInvFreq(128, 500000, 1, 32768, 8192),
      expected('dynamic_d128_factor1_len32768'),
      tol,
      'len = 4L',
    );
    expectClose(
      rs.dynamicNtkInvFreq(128, 500000, 2, 20000, 8192),
      expected('dynamic_d128_factor2_len20000'),
      tol,
      'factor 2',
    );
  });

  it('YaRN frequencies and attention factor follow HF _compute_yarn_parameters', () => {
    const a = rs.yarnInvFreq(128, 500000, 8, 8192);
    expectClose(a.invFreq, expected('yarn_d128_b500000_s8_L8192'), tol, 'yarn d128');
    expectClose(a.attentionFactor, expected('yarn_attention_s8'), tol, 'mscale s=8');
    const b = rs.yarnInvFreq(64, 10000, 16, 4096);
    expectClose(b.invFreq, expected('yarn_d64_b10000_s16_L4096'), tol, 'yarn d64');
    expectClose(b.attentionFactor, expected('yarn_attention_s16'), tol, 'mscale s=16');
    expectClose(
      rs.yarnInvFreq(64, 10000, 16, 4096, 16, 2).invFreq,
      expected('yarn_d64_beta_fast16_beta_slow2'),
      tol,
      'betas',
    );
  });

  it('Llama 3.1 scaling matches HF _compute_llama3_parameters and Meta apply_scaling', () => {
    expectClose(rs.llama3InvFreq(128, 500000), expected('llama3_d128_b500000'), tol, 'llama3 d128');
    expectClose(
      rs.llama3InvFreq(64, 10000, 4, 1, 4, 4096),
      expected('llama3_d64_b10000_factor4_L4096'),
      tol,
      'llama3 d64',
    );
  });

  it('ropeAngles is the outer product m·θ_i', async () => {
    const invFreq = rs.yarnInvFreq(128, 500000, 8, 8192).invFreq;
    const { shape, values } = await runChecked(() => rs.ropeAngles(invFreq, input<number[]>('positions')));
    expect(shape).toEqual([5, 64]);
    expectClose(values, expected('angles_yarn_d128'), tol, 'angles');
  });

  it('main() prints the per-method counts', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('YaRN：19 对不动');
    expect(printed).toContain('Llama 3.1：29 对不动');
  });
});
