import { describe, expect, it } from 'vitest';
import { sortQuestions, prevNext, backlinks, type QuestionMeta } from '../../src/lib/questions';
import { expectedOrder, integrityErrors } from '../../src/lib/integrity';
import { SECTIONS, sectionOfSeq } from '../../src/lib/sections';
import type { MdxScan } from '../../src/lib/mdx-scan';

const q = (
  id: string,
  seq: number,
  section: string,
  order: number,
  extra: Partial<QuestionMeta> = {},
): QuestionMeta => ({
  id,
  title: id,
  seq,
  section,
  order,
  related: [],
  refs: [],
  ...extra,
});
const scan = (partial: Partial<MdxScan> = {}): MdxScan => ({
  errata: [],
  links: [],
  cites: [],
  snippets: [],
  figures: [],
  hasMath: false,
  ...partial,
});

describe('sections', () => {
  it('cover questions 1-54 exactly once, in the issue order', () => {
    const all = SECTIONS.flatMap((s) => [...s.seqs]).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 54 }, (_, i) => i + 1));
    expect(SECTIONS.map((s) => s.title)).toEqual([
      '基础与模型体系',
      '生成与解码',
      '长上下文',
      '推理效率与显存',
      '应用、评测与数据',
      '对齐与 RLHF',
      '位置编码',
      '归一化',
      'FFN 与激活函数',
    ]);
    expect(sectionOfSeq(34)?.id).toBe('position');
    expect(sectionOfSeq(42)?.id).toBe('normalization');
    expect(sectionOfSeq(5)?.id).toBe('decoding');
    expect(sectionOfSeq(55)).toBeUndefined();
  });
});

describe('reading order', () => {
  const qs = [
    q('rms', 42, 'normalization', 2),
    q('rope', 34, 'position', 4),
    q('rep', 5, 'decoding', 1),
    q('pe', 31, 'position', 1),
  ];
  it('sorts by section, then order', () => {
    expect(sortQuestions(qs).map((x) => x.id)).toEqual(['rep', 'pe', 'rope', 'rms']);
  });
  it('gives prev/next within the reading order and nothing past the ends', () => {
    const sorted = sortQuestions(qs);
    expect(prevNext(sorted, 'rep')).toEqual({ next: sorted[1] });
    expect(prevNext(sorted, 'rope')).toEqual({ prev: sorted[1], next: sorted[3] });
    expect(prevNext(sorted, 'rms')).toEqual({ prev: sorted[2] });
    expect(prevNext(sorted, 'missing')).toEqual({});
  });
});

describe('backlinks', () => {
  it('finds pages that list or QLink this one, excluding ones already in related', () => {
    const qs = sortQuestions([
      q('a', 5, 'decoding', 1, { related: ['c'] }),
      q('b', 34, 'position', 4),
      q('c', 42, 'normalization', 2, { related: ['b'] }),
      q('d', 31, 'position', 1),
    ]);
    const scans = new Map([
      ['b', scan({ links: ['c'] })],
      ['d', scan({ links: ['a'] })],
    ]);
    expect(backlinks(qs, scans, 'c').map((x) => x.id)).toEqual(['a']); // b links c but c already relates b
    expect(backlinks(qs, scans, 'a').map((x) => x.id)).toEqual(['d']);
    expect(backlinks(qs, scans, 'd')).toEqual([]);
  });
});

describe('integrityErrors', () => {
  const refs = ['su2021roformer', 'zhang2019rmsnorm'];
  const index = (questions: QuestionMeta[], scans: Map<string, MdxScan>) => ({
    questions,
    scans,
    referenceIds: refs,
    snippetPaths: ['rope/rope'],
    figureNames: ['rope-rotation'],
  });
  it('accepts consistent content', () => {
    const qs = [
      q('rope', 34, 'position', 4, { refs: ['su2021roformer'], related: ['rmsnorm'] }),
      q('rmsnorm', 42, 'normalization', 2),
    ];
    const scans = new Map([
      [
        'rope',
        scan({ cites: ['su2021roformer'], links: ['rmsnorm'], snippets: ['rope/rope'], figures: ['rope-rotation'] }),
      ],
    ]);
    expect(integrityErrors(index(qs, scans))).toEqual([]);
  });
  it('names file, field, bad value and valid choices', () => {
    const qs = [
      q('rope', 34, 'position', 4, { refs: ['nope'], related: ['ghost', 'rope'] }),
      q('rmsnorm', 34, 'decoding', 2),
      q('layernorm', 41, 'normalization', 3),
    ];
    const scans = new Map([
      ['rope', scan({ cites: ['zhang2019rmsnorm'], links: ['gone'], snippets: ['x/y'], figures: ['nofig'] })],
    ]);
    const errors = integrityErrors(index(qs, scans));
    expect(errors).toContain(
      'content/questions/rope.mdx: field "refs": received "nope", expected one of: su2021roformer, zhang2019rmsnorm',
    );
    expect(errors).toContain(
      'content/questions/rope.mdx: field "related": received "ghost", expected one of: layernorm, rmsnorm, rope',
    );
    expect(errors).toContain('content/questions/rope.mdx: field "related": a page cannot list itself');
    expect(errors).toContain(
      'content/questions/rmsnorm.mdx: field "seq": duplicate value 34, already used by content/questions/rope.mdx',
    );
    expect(
      errors.some((e: string) =>
        e.startsWith(
          'content/questions/rmsnorm.mdx: field "section": received "decoding", but question 34 belongs to "position"',
        ),
      ),
    ).toBe(true);
    expect(errors).toContain(
      'content/questions/layernorm.mdx: field "order": received 3, expected 1 (question 41 is number 1 of "normalization": 41, 42, 43, 44, 45, 46, 47, 48)',
    );
    expect(errors).toContain(
      'content/questions/rope.mdx: <QLink to>: received "gone", expected one of: layernorm, rmsnorm, rope',
    );
    expect(errors).toContain(
      'content/questions/rope.mdx: <Cite id>: received "zhang2019rmsnorm", expected one of: nope (add it to "refs")',
    );
    expect(errors).toContain('content/questions/rope.mdx: <Runnable src>: received "x/y", expected one of: rope/rope');
    expect(errors).toContain(
      'content/questions/rope.mdx: <Figure name>: received "nofig", expected one of: rope-rotation (files in content/figures)',
    );
    expect(errors).toHaveLength(10);
  });
  it('derives the order every seq must have from its section', () => {
    expect([expectedOrder(1), expectedOrder(34), expectedOrder(35), expectedOrder(54), expectedOrder(99)]).toEqual([
      1,
      4,
      5,
      6,
      undefined,
    ]);
  });
});
