#!/usr/bin/env node
// Size budgets over the built site (measured, not timed):
// - first-load JavaScript of every page (inline scripts + module scripts and their static imports)
//   stays under 6 KB gzip, so the runner, tfjs, the editor and search load only on interaction;
//   the practice page, whose app is the point of it, under 30 KB (PAGE_BUDGETS);
// - HTML and CSS per page (gzip): the page is the content, so its HTML grows with the text, but a
//   question page over 72 KB (the longest, llm-architecture and rope, are 62-65 KB with their
//   formulas' markup) means something is shipped twice; the bibliography page lists every entry
//   and gets 100 KB. CSS is inlined (no request before first paint): the site's own rules stay
//   under 6.5 KB (5.7 KB on question pages with the runner's and the practice control's rules,
//   3.3 KB elsewhere), and KaTeX's under 11 KB more on pages with math (about 10 KB today);
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
// Pages whose purpose is their script: the practice page ships its app and ts-fsrs (issue 14).
const PAGE_BUDGETS = new Map([['/practice/', 30 * 1024]]);
const HTML_GZIP = 72 * 1024;
const HTML_BUDGETS = new Map([['/references/', 100 * 1024]]);
const SITE_CSS_GZIP = 6.5 * 1024;
const KATEX_CSS_GZIP = 11 * 1024;

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
  const budget = PAGE_BUDGETS.get(page) ?? FIRST_LOAD_JS_GZIP;
  rows.push({ page, gzip: gz, modules: seen.size });
  if (gz > budget) errors.push(`${page}: first-load JS ${gz} B gzip > budget ${budget} B`);
  for (const f of seen) {
    if (/tfjs|sucrase|codemirror|worker|pagefind/i.test(relative(root, f))) {
      errors.push(`${page}: first load includes ${relative(root, f)}, which must load only on interaction`);
    }
  }
  const htmlGz = gzipSync(html).length;
  const htmlBudget = HTML_BUDGETS.get(page) ?? HTML_GZIP;
  if (htmlGz > htmlBudget) errors.push(`${page}: HTML ${htmlGz} B gzip > budget ${htmlBudget} B`);
  const styles = [...html.matchAll(/<style\b([^>]*)>([\s\S]*?)<\/style>/g)];
  const katexCss = gzipSync(
    styles
      .filter((m) => m[1].includes('data-katex'))
      .map((m) => m[2])
      .join(''),
  ).length;
  const siteCss = gzipSync(
    styles
      .filter((m) => !m[1].includes('data-katex'))
      .map((m) => m[2])
      .join(''),
  ).length;
  for (const m of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g))
    errors.push(`${page}: a stylesheet request before first paint (${m[0]}); CSS is inlined`);
  if (siteCss > SITE_CSS_GZIP) errors.push(`${page}: site CSS ${siteCss} B gzip > budget ${SITE_CSS_GZIP} B`);
  if (katexCss > KATEX_CSS_GZIP + 20) errors.push(`${page}: KaTeX CSS ${katexCss} B gzip > budget ${KATEX_CSS_GZIP} B`);
  rows.at(-1).html = htmlGz;
  rows.at(-1).css = siteCss + (katexCss > 20 ? katexCss : 0);
  const hasMath = html.includes('class="katex"');
  const carriesKatex = html.includes('<style data-katex>');
  if (hasMath !== carriesKatex)
    errors.push(
      `${page}: ${hasMath ? 'renders math but lacks' : 'carries'} KaTeX CSS${hasMath ? '' : ' without rendering math'}`,
    );
}

for (const r of rows.sort((a, b) => b.html - a.html).slice(0, 5))
  console.log(
    `${String(r.html).padStart(6)} B gzip HTML  ${String(r.css).padStart(6)} B CSS  ${String(r.gzip).padStart(6)} B JS  ${r.page}`,
  );
const max = (k, f = () => true) => Math.max(...rows.filter(f).map((r) => r[k]));
const isQuestion = (r) => r.page.startsWith('/q/') && r.page !== '/q/';
if (errors.length) {
  console.error(`Budget check failed:\n  ${errors.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Budgets: ${rows.length} pages within ${FIRST_LOAD_JS_GZIP} B gzip first-load JS (${[...PAGE_BUDGETS].map(([p, b]) => `${p} ${b} B`).join(', ')}), ` +
    `${HTML_GZIP} B HTML (question pages up to ${max('html', isQuestion)} B) and ${SITE_CSS_GZIP} + ${KATEX_CSS_GZIP} B CSS (up to ${max('css')} B); KaTeX CSS only where math renders.`,
);
