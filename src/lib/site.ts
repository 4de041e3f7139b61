/**
 * The site's view of its content, built once per build: questions in reading order, their MDX scans,
 * the bibliography. Any integrity error fails the build here with a message naming file and field.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { scanMdx, type MdxScan } from './mdx-scan';
import { sortQuestions, integrityErrors } from './questions';
import { snippetPaths } from './snippets';

export type Question = CollectionEntry<'questions'>;
export type Reference = CollectionEntry<'references'>;

export interface SiteContent {
  questions: Question[];
  byId: Map<string, Question>;
  scans: Map<string, MdxScan>;
  references: Reference[];
  refById: Map<string, Reference>;
}

let cached: Promise<SiteContent> | undefined;

async function load(): Promise<SiteContent> {
  const all = await getCollection('questions', (q) => import.meta.env.DEV || !q.data.draft);
  const flat = all.map((q) => ({ ...q.data, id: q.id, entry: q }));
  const questions = sortQuestions(flat).map((q) => q.entry);
  const scans = new Map(questions.map((q) => [q.id, scanMdx(q.body ?? '', `content/questions/${q.id}.mdx`)]));
  const references = await getCollection('references');
  const errors = integrityErrors(
    flat,
    scans,
    references.map((r) => r.id),
    snippetPaths(),
  );
  if (errors.length > 0) throw new Error(`Content integrity check failed:\n  ${errors.join('\n  ')}`);
  return {
    questions,
    byId: new Map(questions.map((q) => [q.id, q])),
    scans,
    references,
    refById: new Map(references.map((r) => [r.id, r])),
  };
}

export function siteContent(): Promise<SiteContent> {
  cached ??= load();
  return cached;
}
