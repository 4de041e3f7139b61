// The KaTeX fonts in the build are cut to the characters formulas use (scripts/subset-katex-fonts.mjs).
// Checked here, with a different reader of both sides: every character any page's formulas draw
// that a full KaTeX face has, the site's copy of that face still has (cmaps read with HarfBuzz),
// and every font file a page's KaTeX CSS names exists.
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { load } from 'cheerio';
import fontverter from 'fontverter';
import * as hb from 'harfbuzzjs';
import { htmlFiles } from '../../scripts/lib/html-files.mjs';

const DIST = process.env.DIST_DIR ?? 'dist';
const KATEX_FONTS = join(createRequire(import.meta.url).resolve('katex/package.json'), '../dist/fonts');

/** Code points in a font's cmap (WOFF2 unpacked to SFNT first: HarfBuzz reads SFNT). */
async function cmap(bytes) {
  const sfnt = await fontverter.convert(bytes, 'sfnt');
  const face = new hb.Face(new hb.Blob(sfnt));
  return new Set(face.collectUnicodes());
}

const pages = [...htmlFiles(DIST)].filter((f) => !relative(DIST, f).startsWith('pagefind'));
const drawn = new Map(); // code point -> a page that draws it
const named = new Set(); // font files named by pages' KaTeX CSS
for (const file of pages) {
  const html = readFileSync(file, 'utf8');
  const $ = load(html);
  for (const c of $('.katex-html').text()) if (c.trim()) drawn.set(c.codePointAt(0), relative(DIST, file));
  for (const m of html.matchAll(/url\(([^)]*KaTeX_[^)]*)\)/g)) named.add(m[1].replace(/^["']|["']$/g, ''));
}

test('the site has formulas and its KaTeX faces are WOFF2 files in _astro', () => {
  assert.ok(drawn.size > 50, `only ${drawn.size} characters in formulas`);
  assert.ok(readdirSync(join(DIST, '_astro')).some((n) => /^KaTeX_.+\.woff2$/.test(n)));
});

test('every font file a page names exists', () => {
  const missing = [...named].filter((u) => !u.startsWith('data:') && !existsSync(join(DIST, u.replace(/^.*\/_astro\//, '_astro/'))));
  assert.deepEqual(missing, []);
});

test('each KaTeX face keeps every glyph the formulas draw', async () => {
  const lost = [];
  for (const name of readdirSync(join(DIST, '_astro')).filter((n) => /^KaTeX_.+\.woff2$/.test(n))) {
    const face = name.replace(/\.[^.]+\.woff2$/, ''); // KaTeX_Main-Regular.<hash>.woff2
    const full = await cmap(readFileSync(join(KATEX_FONTS, `${face}.woff2`)));
    const site = await cmap(readFileSync(join(DIST, '_astro', name)));
    for (const [cp, page] of drawn) {
      if (full.has(cp) && !site.has(cp)) lost.push(`${face} lost ${String.fromCodePoint(cp)} (U+${cp.toString(16)}), drawn on ${page}`);
    }
  }
  assert.deepEqual(lost.slice(0, 20), []);
});
