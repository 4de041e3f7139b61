/**
 * Reads what content may point at straight from the files (question slugs, bibliography ids, figure
 * names), for the tests that check content/ without Astro and for the figure list of the integrity
 * pass. Read on every call, never cached: `astro dev` must see a file added a moment ago.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const QUESTIONS_DIR = 'content/questions';
export const REFERENCES_FILE = 'content/references.yaml';
export const FIGURES_DIR = 'content/figures';

/** Names (without the extension) of the files in `dir` that end in `ext`, sorted. */
function namesIn(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => f.slice(0, -ext.length))
    .sort();
}

/** Slugs of all question files (file name without `.mdx`), sorted. */
export function questionSlugs(root = '.'): string[] {
  return namesIn(join(root, QUESTIONS_DIR), '.mdx');
}

/** Ids of all bibliography entries in `content/references.yaml`, in file order. */
export function referenceIds(root = '.'): string[] {
  const file = join(root, REFERENCES_FILE);
  if (!existsSync(file)) return [];
  const data: unknown = parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${REFERENCES_FILE}: expected a list of entries`);
  return data.map((entry: { id?: unknown }, i) => {
    if (typeof entry?.id !== 'string') throw new Error(`${REFERENCES_FILE}: entry #${i + 1} has no string "id"`);
    return entry.id;
  });
}

/** Names of the authored figures (content/figures/<name>.svg without .svg), sorted. */
export function figureNames(root = '.'): string[] {
  return namesIn(join(root, FIGURES_DIR), '.svg');
}
