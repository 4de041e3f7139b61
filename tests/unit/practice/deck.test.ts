// Which cards each mode shows and the per-section counts: by slug, so adding or reordering
// questions never moves progress to another card.
import { describe, expect, test } from 'vitest';
import { counts, interval, queue, statusText, type DeckCard } from '../../../src/practice/deck.ts';
import { emptyProgress, type Progress } from '../../../src/practice/storage.ts';
import { grade } from '../../../src/practice/schedule.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 30);
const DAY = 86_400_000;
const deck: DeckCard[] = [
  { slug: 'open-models', section: 'foundations' },
  { slug: 'emergence', section: 'foundations' },
  { slug: 'rope', section: 'position' },
  { slug: 'alibi-bias', section: 'position' },
  { slug: 'glu', section: 'ffn' },
];
const progress = (): Progress => {
  const p = emptyProgress();
  p.cards['rope'] = { ...grade(undefined, 3, T0 - 10 * DAY), due: T0 - 2 * DAY }; // overdue by 2 days
  p.cards['glu'] = { ...grade(undefined, 3, T0 - 10 * DAY), due: T0 - DAY }; // overdue by 1 day
  p.cards['emergence'] = { ...grade(undefined, 4, T0), due: T0 + 5 * DAY }; // learned
  p.cards['removed-page'] = { ...grade(undefined, 3, T0), due: T0 - DAY }; // not in the deck
  p.marked['alibi-bias'] = 2;
  p.marked['rope'] = 1;
  return p;
};

describe('queues', () => {
  test('due: most overdue first, cards of removed pages left out', () => {
    expect(queue(deck, progress(), 'due', T0)).toEqual(['rope', 'glu']);
  });
  test('new: never-graded cards in reading order', () => {
    expect(queue(deck, progress(), 'new', T0)).toEqual(['open-models', 'alibi-bias']);
  });
  test('marked: in the order marked', () => {
    expect(queue(deck, progress(), 'marked', T0)).toEqual(['rope', 'alibi-bias']);
  });
  test('section: due, then new, then learned', () => {
    expect(queue(deck, progress(), 'section', T0, 'foundations')).toEqual(['open-models', 'emergence']);
    expect(queue(deck, progress(), 'section', T0, 'position')).toEqual(['rope', 'alibi-bias']);
  });
  test('a new question and a reordered deck keep every card its own state', () => {
    const grown = [{ slug: 'new-page', section: 'ffn' }, ...[...deck].reverse()];
    expect(queue(grown, progress(), 'due', T0)).toEqual(['rope', 'glu']);
    expect(queue(grown, progress(), 'new', T0)).toEqual(['new-page', 'alibi-bias', 'open-models']);
  });
});

describe('counts and wording', () => {
  test('learned / due / new per section', () => {
    const p = progress();
    expect(counts(['open-models', 'emergence'], p, T0)).toEqual({ learned: 1, due: 0, new: 1 });
    expect(counts(['rope', 'alibi-bias'], p, T0)).toEqual({ learned: 0, due: 1, new: 1 });
    expect(counts(['emergence'], p, T0 + 6 * DAY)).toEqual({ learned: 0, due: 1, new: 0 });
  });
  test('intervals and statuses in words', () => {
    expect(interval(T0 + 30_000, T0)).toBe('1 分钟');
    expect(interval(T0 + 10 * 60_000, T0)).toBe('10 分钟');
    expect(interval(T0 + 5 * 3_600_000, T0)).toBe('5 小时');
    expect(interval(T0 + 3 * DAY, T0)).toBe('3 天');
    expect(interval(T0 + 76 * DAY, T0)).toBe('2.5 个月');
    expect(interval(T0 + 730 * DAY, T0)).toBe('2 年');
    const p = progress();
    expect(statusText(undefined, T0)).toBe('新卡片，还没练过');
    expect(statusText(p.cards['rope'], T0)).toBe('已到期，该复习了');
    expect(statusText(p.cards['emergence'], T0)).toBe('5 天后复习');
  });
});
