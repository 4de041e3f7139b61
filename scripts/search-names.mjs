#!/usr/bin/env node
// After Pagefind (`npm run build`): writes dist/pagefind/names.json, one row per indexed page:
// Pagefind's page id (its fragment's hash), the URL, the title and the page's alias keys. The search
// dialog loads it next to the engine so that it can draw a result's title the moment the ranking
// is known (the page's fragment, 5-15 KB, fills in the excerpt after) and look up an alias without
// a second Pagefind search. Derived from Pagefind's own output, so it always matches the index.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const dir = join(process.argv[2] ?? 'dist', 'pagefind');
const SIGNATURE = 'pagefind_dcd'; // Pagefind's fragment files: gzip of this marker, then JSON

const rows = [];
for (const file of readdirSync(join(dir, 'fragment')).sort()) {
  const text = gunzipSync(readFileSync(join(dir, 'fragment', file))).toString('utf8');
  if (!text.startsWith(SIGNATURE)) throw new Error(`${file}: not a Pagefind fragment (format changed?)`);
  const page = JSON.parse(text.slice(SIGNATURE.length));
  const id = file.replace(/\.pf_fragment$/, '');
  rows.push([id, page.url, page.meta?.title ?? page.url, page.filters?.alias ?? []]);
}
if (rows.length === 0) throw new Error(`${dir}/fragment: no pages (did Pagefind run?)`);
writeFileSync(join(dir, 'names.json'), JSON.stringify(rows));
console.log(`search names: ${rows.length} pages -> ${join(dir, 'names.json')}`);
