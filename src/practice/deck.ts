/**
 * Which cards a practice mode shows, and the per-section counts: pure functions of the deck (the
 * published questions in reading order, from the page) and the saved progress. No ts-fsrs here:
 * deciding what is due needs only each card's due date, so the small controls can use this file.
 */
import type { Progress, StoredCard } from './storage.ts';

/** A card of the deck as the page lists it. */
export interface DeckCard {
  slug: string;
  section: string;
}

export type Mode = 'due' | 'new' | 'section' | 'marked';

/** What a card is for the reader right now. */
export type CardStatus = 'new' | 'due' | 'learned';

export function cardStatus(card: StoredCard | undefined, now: number): CardStatus {
  if (!card) return 'new';
  return card.due <= now ? 'due' : 'learned';
}

/**
 * The slugs a mode shows, in order: due cards most overdue first; new cards in reading order; a
 * section's cards due first, then new, then the rest by due date; marked cards in the order marked.
 * Slugs in the progress but not in the deck (a page removed) are kept in storage and never shown.
 */
export function queue(deck: readonly DeckCard[], p: Progress, mode: Mode, now: number, section?: string): string[] {
  const rank = new Map(deck.map((c, i) => [c.slug, i]));
  const byDue = (a: string, b: string) => p.cards[a]!.due - p.cards[b]!.due || rank.get(a)! - rank.get(b)!;
  switch (mode) {
    case 'due':
      return deck
        .filter((c) => cardStatus(p.cards[c.slug], now) === 'due')
        .map((c) => c.slug)
        .sort(byDue);
    case 'new':
      return deck.filter((c) => !p.cards[c.slug]).map((c) => c.slug);
    case 'marked':
      return deck
        .filter((c) => p.marked[c.slug] !== undefined)
        .map((c) => c.slug)
        .sort((a, b) => p.marked[a]! - p.marked[b]! || rank.get(a)! - rank.get(b)!);
    case 'section': {
      const cards = deck.filter((c) => c.section === section).map((c) => c.slug);
      const of = (s: CardStatus) => cards.filter((slug) => cardStatus(p.cards[slug], now) === s);
      return [...of('due').sort(byDue), ...of('new'), ...of('learned').sort(byDue)];
    }
  }
}

export interface Counts {
  learned: number;
  due: number;
  new: number;
}

/** learned / due / new over `slugs`. */
export function counts(slugs: readonly string[], p: Progress, now: number): Counts {
  const out: Counts = { learned: 0, due: 0, new: 0 };
  for (const slug of slugs) out[cardStatus(p.cards[slug], now)]++;
  return out;
}

/** "10 分钟", "3 天", "2.5 个月": how far `due` is from `now`, for hints and announcements. */
export function interval(due: number, now: number): string {
  const min = Math.max(0, Math.round((due - now) / 60000));
  if (min < 60) return `${Math.max(1, min)} 分钟`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} 小时`;
  const d = Math.round(h / 24);
  if (d < 31) return `${d} 天`;
  const mo = d / 30.4;
  if (mo < 12) return `${Number(mo.toFixed(1))} 个月`;
  return `${Number((d / 365).toFixed(1))} 年`;
}

/** The status of a card in words: 新卡片 / 已到期 / 10 天后复习. */
export function statusText(card: StoredCard | undefined, now: number): string {
  const s = cardStatus(card, now);
  if (s === 'new') return '新卡片，还没练过';
  if (s === 'due') return '已到期，该复习了';
  return `${interval(card!.due, now)}后复习`;
}
