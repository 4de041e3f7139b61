/**
 * Pure helpers over question metadata: reading order, prev/next, backlinks (integrity rules: integrity.ts).
 * They take plain objects so vitest can check them without Astro; `src/lib/site.ts` feeds them
 * the real collections.
 */
import { SECTIONS } from './sections';
import type { MdxScan } from './mdx-scan';

export interface QuestionMeta {
  /** Slug: the file name without .mdx. */
  id: string;
  title: string;
  seq: number;
  section: string;
  order: number;
  related: string[];
  refs: string[];
}

const sectionRank = new Map<string, number>(SECTIONS.map((s, i) => [s.id, i]));

/** Reading order: section order, then `order`, then the original number. */
export function sortQuestions<T extends QuestionMeta>(questions: readonly T[]): T[] {
  return [...questions].sort(
    (a, b) =>
      (sectionRank.get(a.section) ?? 99) - (sectionRank.get(b.section) ?? 99) || a.order - b.order || a.seq - b.seq,
  );
}

export function prevNext<T extends QuestionMeta>(sorted: readonly T[], id: string): { prev?: T; next?: T } {
  const i = sorted.findIndex((q) => q.id === id);
  const out: { prev?: T; next?: T } = {};
  if (i > 0) out.prev = sorted[i - 1]!;
  if (i >= 0 && i < sorted.length - 1) out.next = sorted[i + 1]!;
  return out;
}

/**
 * Questions that point at `id`, through their `related` list or an inline <QLink>, in reading order,
 * excluding those `id` already lists in its own `related`.
 */
export function backlinks<T extends QuestionMeta>(
  sorted: readonly T[],
  scans: ReadonlyMap<string, Pick<MdxScan, 'links'>>,
  id: string,
): T[] {
  const self = sorted.find((q) => q.id === id);
  return sorted.filter(
    (q) =>
      q.id !== id &&
      !self?.related.includes(q.id) &&
      (q.related.includes(id) || (scans.get(q.id)?.links.includes(id) ?? false)),
  );
}
