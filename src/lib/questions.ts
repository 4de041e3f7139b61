/**
 * Pure helpers over question metadata: reading order, prev/next, backlinks, integrity checks.
 * They take plain objects so vitest can check them without Astro; `src/lib/site.ts` feeds them
 * the real collections.
 */
import { SECTIONS, sectionById, sectionOfSeq } from './sections';
import { oneOfMessage } from './content-ids';
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
      (sectionRank.get(a.section) ?? 99) - (sectionRank.get(b.section) ?? 99) ||
      a.order - b.order ||
      a.seq - b.seq,
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

/**
 * Every cross-file rule zod cannot express. Returns messages naming the file, the field, the bad value
 * and the valid choices; an empty list means the content is consistent.
 */
export function integrityErrors(
  questions: readonly QuestionMeta[],
  scans: ReadonlyMap<string, MdxScan>,
  referenceIds: readonly string[],
  snippetPaths: readonly string[],
): string[] {
  const errors: string[] = [];
  const slugs = questions.map((q) => q.id).sort();
  const file = (id: string) => `content/questions/${id}.mdx`;
  const bySeq = new Map<number, string>();
  for (const q of questions) {
    const other = bySeq.get(q.seq);
    if (other) errors.push(`${file(q.id)}: field "seq": duplicate value ${q.seq}, already used by ${file(other)}`);
    else bySeq.set(q.seq, q.id);
    const expected = sectionOfSeq(q.seq);
    if (expected && expected.id !== q.section) {
      errors.push(
        `${file(q.id)}: field "section": received "${q.section}", but question ${q.seq} belongs to "${expected.id}" (${expected.title})`,
      );
    }
    if (!sectionById(q.section)) errors.push(`${file(q.id)}: field "section": ${oneOfMessage(q.section, SECTIONS.map((s) => s.id))}`);
    for (const r of q.related) {
      if (r === q.id) errors.push(`${file(q.id)}: field "related": a page cannot list itself`);
      else if (!slugs.includes(r)) errors.push(`${file(q.id)}: field "related": ${oneOfMessage(r, slugs)}`);
    }
    for (const r of q.refs) {
      if (!referenceIds.includes(r)) errors.push(`${file(q.id)}: field "refs": ${oneOfMessage(r, referenceIds)}`);
    }
    const scan = scans.get(q.id);
    if (!scan) continue;
    for (const to of scan.links) {
      if (!slugs.includes(to)) errors.push(`${file(q.id)}: <QLink to>: ${oneOfMessage(to, slugs)}`);
    }
    for (const c of scan.cites) {
      if (!q.refs.includes(c)) errors.push(`${file(q.id)}: <Cite id>: ${oneOfMessage(c, q.refs)} (add it to "refs")`);
    }
    for (const s of scan.snippets) {
      if (!snippetPaths.includes(s)) errors.push(`${file(q.id)}: <Runnable src>: ${oneOfMessage(s, snippetPaths)}`);
    }
  }
  return errors;
}
