#!/usr/bin/env node
// Build step after `astro build` (scripts/lib/build-steps.mjs): cuts KaTeX's WOFF2 fonts down to the
// characters the site's formulas draw. A page with math loads 5–7 KaTeX faces before its formulas
// settle (each one arriving relays out the formulas), and the full faces are 256 KB in all while
// the site's formulas use about two hundred characters. Every browser that renders the site reads
// WOFF2, so the .woff / .ttf fallbacks in KaTeX's CSS are left as they are.
//
// 1. The characters: the text of every `.katex-html` element (what KaTeX draws; the MathML copy
//    beside it is for screen readers and uses no web font) on every built page.
// 2. Each `KaTeX_*.woff2` in dist/_astro is subset to those characters (subset-font, HarfBuzz) and
//    renamed by the hash of its new content, like Vite's names, so a long cache never serves an
//    older cut.
// 3. Every reference in the built HTML, CSS, JS and JSON is rewritten; the old files are removed.
// tests/dist/fonts.test.mjs checks that each subset still has every glyph the pages need.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'parse5';
import subsetFont from 'subset-font';
import { filesUnder } from './lib/html-files.mjs';

const dist = process.argv[2] ?? 'dist';
const assets = join(dist, '_astro');

/** The characters KaTeX draws on a page: text under elements of class katex-html. */
function katexCharacters(html) {
  const chars = new Set();
  const collect = (node) => {
    if (node.nodeName === '#text') for (const c of node.value) chars.add(c);
    for (const child of node.childNodes ?? []) collect(child);
  };
  const walk = (node) => {
    const cls = node.attrs?.find((a) => a.name === 'class')?.value.split(/\s+/) ?? [];
    if (cls.includes('katex-html')) return collect(node);
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content); // <template>
  };
  walk(parse(html));
  chars.delete('\n');
  return chars;
}

const hashName = (name, bytes) => {
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 8);
  return name.replace(/^(KaTeX_[A-Za-z0-9-]+)\.[^.]+\.woff2$/, `$1.${hash}.woff2`);
};

const chars = new Set();
for (const file of filesUnder(dist, '.html')) for (const c of katexCharacters(readFileSync(file, 'utf8'))) chars.add(c);
const text = [...chars].sort().join('');

const renames = new Map();
let before = 0;
let after = 0;
for (const name of readdirSync(assets).filter((n) => /^KaTeX_.+\.woff2$/.test(n))) {
  const original = readFileSync(join(assets, name));
  const subset = await subsetFont(original, text, { targetFormat: 'woff2' });
  const renamed = hashName(name, subset);
  writeFileSync(join(assets, `${renamed}.tmp`), subset);
  renameSync(join(assets, `${renamed}.tmp`), join(assets, renamed));
  if (renamed !== name) {
    rmSync(join(assets, name));
    renames.set(name, renamed);
  }
  before += original.length;
  after += subset.length;
}

// Font file names are unique (Vite's content hash), so a plain replace finds every reference
// whatever the base path in front of it.
let rewritten = 0;
for (const suffix of ['.html', '.css', '.js', '.mjs', '.json']) {
  for (const file of filesUnder(dist, suffix)) {
    const src = readFileSync(file, 'utf8');
    if (!src.includes('KaTeX_')) continue;
    let out = src;
    for (const [from, to] of renames) out = out.replaceAll(from, to);
    if (out !== src) {
      writeFileSync(file, out);
      rewritten++;
    }
  }
}
console.log(
  `KaTeX fonts: ${renames.size} WOFF2 faces cut to ${chars.size} characters, ` +
    `${(before / 1024).toFixed(0)} -> ${(after / 1024).toFixed(0)} KB; references rewritten in ${rewritten} files`,
);
if (renames.size === 0) console.log(`(no KaTeX_*.woff2 in ${basename(assets)}/: nothing to do)`);
