import { describe, expect, it } from 'vitest';
import { aliasField, icuWords, matchedNames, phraseLevels, rankByPhrases } from '../../src/lib/search-query';

describe('phraseLevels', () => {
  it('asks for the whole query, then its parts, then its words of two or more characters', () => {
    expect(phraseLevels('归一化')).toEqual([['归一化']]); // ICU splits it into characters: no word level
    expect(phraseLevels('  RoPE   外推 ')).toEqual([['RoPE 外推'], ['RoPE', '外推'], ['RoPE']]);
    expect(phraseLevels('为什么会复读')).toEqual([['为什么会复读'], ['为什么', '会复读'], ['为什么']]);
    expect(phraseLevels('可学习位置编码')).toEqual([['可学习位置编码'], ['学习', '位置', '编码']]);
    expect(phraseLevels('LLaMA 显存')).toEqual([['LLaMA 显存'], ['LLaMA', '显存'], ['LLaMA']]);
    expect(phraseLevels('Transformer-XL')).toEqual([['Transformer-XL'], ['Transformer', 'XL']]);
    expect(phraseLevels('F.layer_norm')).toEqual([['F.layer_norm'], ['F', 'layer_norm']]);
    expect(phraseLevels('')).toEqual([]);
  });
  it('segments Chinese as the browser does (Intl.Segmenter)', () => {
    expect(icuWords('相对位置编码')).toEqual(['相对', '位置', '编码']);
  });
});

describe('rankByPhrases', () => {
  const pagesWith: Record<string, string[]> = {
    归一化: ['rmsnorm', 'layernorm', 'repetition'],
    RoPE: ['rope', 'alibi', 'yarn'],
    外推: ['yarn', 'extrapolation'],
  };
  const contains = async (p: string) => new Set(pagesWith[p] ?? []);

  it('keeps the ranked order among pages with the exact term and drops scattered-character matches', async () => {
    const ranked = ['repetition', 'norm-position', 'rmsnorm', 'layernorm'];
    expect(await rankByPhrases(ranked, phraseLevels('归一化'), contains)).toEqual([
      'repetition',
      'rmsnorm',
      'layernorm',
    ]);
  });
  it('falls back to every part when the whole is nowhere, and finds nothing when no level matches', async () => {
    expect(await rankByPhrases(['rope', 'yarn'], phraseLevels('RoPE 外推'), contains)).toEqual(['yarn']);
    expect(await rankByPhrases(['rope'], phraseLevels('qwxzv'), contains)).toEqual([]);
  });
  it('appends exact matches the ranked search missed', async () => {
    expect(await rankByPhrases(['layernorm'], [['归一化']], contains)).toEqual(['layernorm', 'rmsnorm', 'repetition']);
  });
});

describe('matchedNames', () => {
  it('finds the page names a query matched, case and hyphens aside, without the segmented forms', () => {
    const tags = aliasField(['诚实', 'honest', 'honesty', 'HHH', '层归一化']);
    expect(matchedNames([undefined, tags], 'Honesty')).toEqual(['honesty']);
    expect(matchedNames([tags], 'honest')).toEqual(['honest', 'honesty']);
    expect(matchedNames([tags], '归一化')).toEqual(['层归一化']);
    expect(matchedNames([tags], 'qwxzv')).toEqual([]);
  });
});
