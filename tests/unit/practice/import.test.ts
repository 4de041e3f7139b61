// Import validation: an exported file reads back exactly; anything else is refused with a reason
// the page shows, and nothing is changed (parseProgressText is pure; the page saves only on ok).
import { describe, expect, test } from 'vitest';
import { APP_ID, emptyProgress, parseProgressText, type Progress } from '../../../src/practice/storage.ts';
import { grade } from '../../../src/practice/schedule.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 30);
const exported = (): Progress => {
  const p: Progress = { ...emptyProgress(), savedAt: T0 };
  p.cards['rope'] = grade(grade(undefined, 3, T0), 4, T0 + 86_400_000);
  p.cards['glu'] = grade(undefined, 1, T0);
  p.marked['alibi-bias'] = T0;
  return p;
};

describe('import', () => {
  test('an exported file (as the page writes it) reads back exactly', () => {
    const p = exported();
    expect(parseProgressText(JSON.stringify(p, null, 2) + '\n')).toEqual({ ok: true, progress: p });
  });

  test('an empty progress is a valid file', () => {
    expect(parseProgressText(JSON.stringify(emptyProgress()))).toEqual({ ok: true, progress: emptyProgress() });
  });

  const bad: [string, string, RegExp][] = [
    ['an empty file', '', /不是有效的 JSON/],
    ['a text file', '刷题进度', /不是有效的 JSON/],
    ['JSON null', 'null', /不是本站的刷题进度/],
    ['an Anki-like export', JSON.stringify({ cards: [{ front: 'RoPE', back: '…' }] }), /不是本站的刷题进度/],
    ['no version', JSON.stringify({ app: APP_ID, cards: {}, marked: {} }), /格式版本 undefined 无法识别/],
    ['no cards', JSON.stringify({ app: APP_ID, version: 2, marked: {} }), /缺少 "cards"/],
    ['no marked', JSON.stringify({ app: APP_ID, version: 2, cards: {} }), /缺少 "marked"/],
    [
      'a card without due',
      JSON.stringify({ ...exported(), cards: { rope: { ...exported().cards['rope'], due: undefined } } }),
      /卡片 rope 的数据有误：has no valid "due"/,
    ],
    [
      'a fractional rep count',
      JSON.stringify({ ...exported(), cards: { rope: { ...exported().cards['rope'], reps: 1.5 } } }),
      /"reps"/,
    ],
    [
      'an infinite stability',
      JSON.stringify({ ...exported(), cards: { rope: { ...exported().cards['rope'], stability: 'Infinity' } } }),
      /"stability"/,
    ],
    ['a bad marked time', JSON.stringify({ ...exported(), marked: { rope: 'yesterday' } }), /待复习标记 "rope"/],
    ['a slug with a path in it', JSON.stringify({ ...exported(), marked: { '../etc': 1 } }), /待复习标记/],
  ];
  for (const [what, text, reason] of bad) {
    test(`refuses ${what}`, () => {
      const r = parseProgressText(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    });
  }
});
