/**
 * The one integrity pass over the content: every cross-reference a page makes (frontmatter
 * `related`, `refs`, `seq`, `section`, `order`; <QLink to>, <Cite id>, <Runnable src>, <Figure name>
 * in the body) checked against what exists. Pure: `src/lib/site.ts` runs it on every build and on
 * every dev request, `tests/unit/content.test.ts` on the files; zod only checks each field's shape.
 */
import { SECTIONS, sectionById, sectionOfSeq } from './sections';
import type { MdxScan } from './mdx-scan';
import type { QuestionMeta } from './questions';

/** "received X, expected one of a, b, c" — the message style used for every dead reference. */
export function oneOfMessage(received: unknown, choices: readonly string[]): string {
  const shown = choices.length > 0 ? choices.join(', ') : '(none yet)';
  return `received ${JSON.stringify(received)}, expected one of: ${shown}`;
}

/** Everything a page may point at, and the pages themselves. */
export interface ContentIndex {
  questions: readonly QuestionMeta[];
  scans: ReadonlyMap<string, MdxScan>;
  /** Ids in content/references.yaml. */
  referenceIds: readonly string[];
  /** `topic/name` of every snippet under snippets/. */
  snippetPaths: readonly string[];
  /** File names in content/figures without .svg. */
  figureNames: readonly string[];
}

/** The `order` a question must have: the rank (from 1) of its `seq` among its section's numbers. */
export function expectedOrder(seq: number): number | undefined {
  const section = sectionOfSeq(seq);
  return section ? (section.seqs as readonly number[]).indexOf(seq) + 1 : undefined;
}

/**
 * Returns messages naming the file, the field or component, the bad value and the valid choices;
 * an empty list means the content is consistent.
 */
export function integrityErrors(index: ContentIndex): string[] {
  const { questions, scans, referenceIds, snippetPaths, figureNames } = index;
  const errors: string[] = [];
  const slugs = questions.map((q) => q.id).sort();
  const file = (id: string) => `content/questions/${id}.mdx`;
  const bySeq = new Map<number, string>();
  for (const q of questions) {
    const other = bySeq.get(q.seq);
    if (other) errors.push(`${file(q.id)}: field "seq": duplicate value ${q.seq}, already used by ${file(other)}`);
    else bySeq.set(q.seq, q.id);
    const expected = sectionOfSeq(q.seq);
    if (!sectionById(q.section)) {
      errors.push(
        `${file(q.id)}: field "section": ${oneOfMessage(
          q.section,
          SECTIONS.map((s) => s.id),
        )}`,
      );
    } else if (expected && expected.id !== q.section) {
      errors.push(
        `${file(q.id)}: field "section": received "${q.section}", but question ${q.seq} belongs to "${expected.id}" (${expected.title})`,
      );
    } else if (expected && q.order !== expectedOrder(q.seq)) {
      errors.push(
        `${file(q.id)}: field "order": received ${q.order}, expected ${expectedOrder(q.seq)} (question ${q.seq} is number ${expectedOrder(q.seq)} of "${expected.id}": ${expected.seqs.join(', ')})`,
      );
    }
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
    for (const f of scan.figures) {
      if (!figureNames.includes(f))
        errors.push(`${file(q.id)}: <Figure name>: ${oneOfMessage(f, figureNames)} (files in content/figures)`);
    }
  }
  return errors;
}
