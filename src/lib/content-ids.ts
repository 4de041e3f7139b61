/**
 * Reads the ids that frontmatter may point at (question slugs, bibliography ids) straight from disk,
 * so that the zod schemas in `src/content.config.ts` can reject a dead id with the list of valid ones.
 * Astro's `reference()` only checks existence after loading, with a message that does not list choices.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const QUESTIONS_DIR = 'content/questions';
export const REFERENCES_FILE = 'content/references.yaml';

/** Slugs of all question files (file name without `.mdx`), sorted. */
export function questionSlugs(root = '.'): string[] {
  const dir = join(root, QUESTIONS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => f.slice(0, -'.mdx'.length))
    .sort();
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

/** "received X, expected one of a, b, c" — the message style used for every dead reference. */
export function oneOfMessage(received: unknown, choices: readonly string[]): string {
  const shown = choices.length > 0 ? choices.join(', ') : '(none yet)';
  return `received ${JSON.stringify(received)}, expected one of: ${shown}`;
}
