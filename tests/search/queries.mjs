// The search query set: one YAML file per page under queries/ (what readers type to find that page,
// `first` = must be the first result, `top3` = among the first three) plus _none.yaml (queries that
// must find nothing). It grows with the content: every question page has its file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const DIR = fileURLToPath(new URL('./queries/', import.meta.url));

/** @typedef {{ query: string, page: string | null, rank: 'first' | 'top3' | 'none' }} SearchCase */

/** Every case, in file order; throws on an unknown key, an empty entry or a query two pages both claim first. */
export function loadQueries(dir = DIR) {
  /** @type {SearchCase[]} */
  const cases = [];
  const claimed = new Map();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const data = parse(readFileSync(join(dir, file), 'utf8')) ?? {};
    const slug = file.slice(0, -'.yaml'.length);
    for (const [key, list] of Object.entries(data)) {
      if (list === null) continue; // a key with no entries yet
      if (!['first', 'top3', 'none'].includes(key) || !Array.isArray(list))
        throw new Error(`${file}: unknown key ${key} (first, top3, none)`);
      if ((key === 'none') !== (slug === '_none')) throw new Error(`${file}: "none" belongs in _none.yaml only`);
      for (const item of list) {
        // YAML reads 2309.06180 as the number 2309.0618: numbers must be quoted to mean what they say.
        if (typeof item !== 'string')
          throw new Error(`${file}: quote ${JSON.stringify(item)} (YAML reads it as a number)`);
        const query = item.trim();
        if (!query) throw new Error(`${file}: empty query`);
        const page = slug === '_none' ? null : `/q/${slug}/`;
        if (key === 'first') {
          const other = claimed.get(query.toLowerCase());
          if (other && other !== page)
            throw new Error(`query ${JSON.stringify(query)} is claimed first by both ${other} and ${page}`);
          claimed.set(query.toLowerCase(), page);
        }
        cases.push({ query, page, rank: /** @type {SearchCase['rank']} */ (key) });
      }
    }
  }
  return cases;
}

/** The page slugs that have a query file. */
export function slugsWithQueries(dir = DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .map((f) => f.slice(0, -'.yaml'.length));
}
