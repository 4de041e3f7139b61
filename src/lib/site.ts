/**
 * The site's view of its content: questions in reading order and by section, their MDX scans, the
 * bibliography. Built once per build (cached), and afresh on every `astro dev` request so that a page,
 * reference or link added a moment ago is seen. Any integrity error fails here, before a page renders,
 * with a message naming file and field (src/lib/integrity.ts).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { scanMdx, type MdxScan } from './mdx-scan';
import { sortQuestions } from './questions';
import { integrityErrors } from './integrity';
import { figureNames } from './content-ids';
import { snippetPaths } from './snippets';
import { SECTIONS, type Section, type SectionId } from './sections';

export type Question = CollectionEntry<'questions'>;
export type Reference = CollectionEntry<'references'>;

export interface SectionGroup {
  section: Section;
  /** Its published questions in reading order (possibly none). */
  items: Question[];
}

export interface SiteContent {
  /** Every published question (drafts too in dev), in reading order. */
  questions: Question[];
  byId: Map<string, Question>;
  /** Every section in order with its questions; computed once here for every page that groups. */
  sections: SectionGroup[];
  bySection: Map<SectionId, Question[]>;
  scans: Map<string, MdxScan>;
  references: Reference[];
  refById: Map<string, Reference>;
}

/** Scans by source text: a dev request re-scans only the pages that changed. */
const scanCache = new Map<string, MdxScan>();
function scanOnce(id: string, body: string): MdxScan {
  const key = `${id}\0${body}`;
  let scan = scanCache.get(key);
  if (!scan) {
    scan = scanMdx(body, `content/questions/${id}.mdx`);
    scanCache.set(key, scan);
  }
  return scan;
}

async function load(): Promise<SiteContent> {
  const all = await getCollection('questions', (q) => import.meta.env.DEV || !q.data.draft);
  const flat = all.map((q) => ({ ...q.data, id: q.id, entry: q }));
  const questions = sortQuestions(flat).map((q) => q.entry);
  const scans = new Map(questions.map((q) => [q.id, scanOnce(q.id, q.body ?? '')]));
  const references = await getCollection('references');
  const errors = integrityErrors({
    questions: flat,
    scans,
    referenceIds: references.map((r) => r.id),
    snippetPaths: snippetPaths(),
    figureNames: figureNames(),
  });
  if (errors.length > 0) throw new Error(`Content integrity check failed:\n  ${errors.join('\n  ')}`);
  const sections = SECTIONS.map((section) => ({
    section: section as Section,
    items: questions.filter((q) => q.data.section === section.id),
  }));
  return {
    questions,
    byId: new Map(questions.map((q) => [q.id, q])),
    sections,
    bySection: new Map(sections.map((g) => [g.section.id as SectionId, g.items])),
    scans,
    references,
    refById: new Map(references.map((r) => [r.id, r])),
  };
}

let cached: Promise<SiteContent> | undefined;

export function siteContent(): Promise<SiteContent> {
  // In dev the collections change under a running server: recompute (cheap at this size).
  if (import.meta.env.DEV) return load();
  cached ??= load();
  return cached;
}
