/**
 * Everything a question page shows besides its MDX body, computed from the site content in one
 * place: its section, prev/next in reading order, related questions (its own `related` first, then
 * the pages that point at it), its references in citation order, the updated date.
 */
import { backlinks, prevNext } from './questions';
import { sectionById, type Section } from './sections';
import type { MdxScan } from './mdx-scan';
import type { Question, Reference, SiteContent } from './site';

export interface QuestionPageData {
  section: Section;
  scan: MdxScan;
  prev?: Question | undefined;
  next?: Question | undefined;
  /** `related` in the author's order, then backlinks in reading order. */
  related: Question[];
  refs: Reference[];
  /** YYYY-MM-DD. */
  updated: string;
}

export function questionPageData(content: SiteContent, id: string): QuestionPageData {
  const { questions, byId, scans, refById } = content;
  const question = byId.get(id);
  if (!question) throw new Error(`questionPageData: no question "${id}"`);
  const { data } = question;
  const flat = questions.map((q) => ({ ...q.data, id: q.id }));
  const { prev, next } = prevNext(flat, id);
  return {
    section: sectionById(data.section)!,
    scan: scans.get(id)!,
    prev: prev && byId.get(prev.id),
    next: next && byId.get(next.id),
    related: [...data.related.map((r) => byId.get(r)!), ...backlinks(flat, scans, id).map((q) => byId.get(q.id)!)],
    refs: data.refs.map((r) => refById.get(r)!),
    updated: data.updated.toISOString().slice(0, 10),
  };
}
