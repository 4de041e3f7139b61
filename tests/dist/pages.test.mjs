// Static checks of the built site: every page in dist/ parsed with cheerio, no browser. What a page
// must contain is derived from the content (the questions collection's files, the errata they
// declare), so a new page gets every check without an edit here.
// Run after `npm run build`: npm run test:dist   (DIST_DIR=… to check another build). vitest, not
// node:test, because it resolves src/lib's extensionless TypeScript imports.
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'cheerio';
import { parse as parseYaml } from 'yaml';
import { htmlFiles } from '../../scripts/lib/html-files.mjs';
import { questionSlugs } from '../../src/lib/content-ids.ts';
import { scanMdx } from '../../src/lib/mdx-scan.ts';
import { SECTIONS } from '../../src/lib/sections.ts';

const DIST = process.env.DIST_DIR ?? 'dist';

/** Every built page: URL path -> parsed document. */
const pages = new Map(
  [...htmlFiles(DIST)]
    .filter((file) => !relative(DIST, file).startsWith('pagefind'))
    .map((file) => ['/' + relative(DIST, file).replace(/index\.html$/, ''), load(readFileSync(file, 'utf8'))]),
);

/** The published questions, read from their files the way the build reads them. */
const published = questionSlugs().flatMap((slug) => {
  const raw = readFileSync(join('content/questions', `${slug}.mdx`), 'utf8');
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw) ?? [];
  const data = parseYaml(front);
  return data.draft ? [] : [{ slug, data, scan: scanMdx(body, slug) }];
});
const questionPaths = published.map((q) => `/q/${q.slug}/`);

/** Attributes that make the browser fetch something (links to read elsewhere are fine). */
function fetchedUrls($) {
  const urls = [];
  $('[src]').each((_, el) => urls.push($(el).attr('src')));
  $('[srcset]').each((_, el) => urls.push(...$(el).attr('srcset').split(',').map((s) => s.trim().split(/\s+/)[0])));
  $('link[href]').each((_, el) => {
    const rel = ($(el).attr('rel') ?? '').split(/\s+/);
    if (!rel.includes('canonical') && !rel.includes('alternate') && !rel.includes('sitemap')) urls.push($(el).attr('href'));
  });
  $('[style]').each((_, el) => urls.push(...[...$(el).attr('style').matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1])));
  $('style').each((_, el) => urls.push(...[...$(el).text().matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1])));
  $('script:not([src])').each((_, el) => urls.push(...[...$(el).text().matchAll(/\bimport\s*\(?\s*['"](https?:[^'"]+)/g)].map((m) => m[1])));
  return urls;
}

test('dist has a page for every published question and section, and the fixed pages', () => {
  const expected = ['/', '/q/', '/s/', '/errata/', '/references/', '/code/', '/practice/', '/404.html', ...questionPaths];
  for (const s of SECTIONS) if (published.some((q) => q.data.section === s.id)) expected.push(`/s/${s.id}/`);
  const missing = expected.filter((p) => !pages.has(p));
  assert.deepEqual(missing, [], `not built: ${missing.join(', ')}`);
  const extra = [...pages.keys()].filter((p) => /^\/q\/[^/]+\/$/.test(p) && !questionPaths.includes(p));
  assert.deepEqual(extra, [], 'question pages built for drafts or deleted files');
});

for (const [path, $] of pages) {
  test(`${path}: lang, one h1, no skipped heading level, unique ids, named table headers, no KaTeX error, nothing fetched from another origin`, () => {
    assert.equal($('html').attr('lang'), 'zh-CN');
    assert.equal($('h1').length, 1, 'exactly one h1');
    const levels = $('main h1, main h2, main h3, main h4, main h5, main h6')
      .toArray()
      .map((el) => Number(el.tagName.slice(1)));
    levels.forEach((level, i) => {
      if (i > 0) assert.ok(level <= levels[i - 1] + 1, `heading h${levels[i - 1]} is followed by h${level}`);
    });
    const ids = $('[id]').toArray().map((el) => $(el).attr('id'));
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.deepEqual([...new Set(dupes)], [], 'duplicate ids');
    assert.equal($('.katex-error').length, 0, `KaTeX error: ${$('.katex-error').first().attr('title') ?? ''}`);
    // A header cell a screen reader can name: words, not only a formula (axe: empty-table-header).
    const unnamed = $('th')
      .toArray()
      .filter((th) => $(th).clone().find('.katex').remove().end().text().trim() === '')
      .map((th) => $(th).closest('table').find('th').toArray().map((h) => $(h).text().trim() || '∅').join(' | '));
    assert.deepEqual(unnamed, [], 'table header cells with no words (only a formula, or empty)');
    const foreign = fetchedUrls($).filter((u) => /^(https?:)?\/\//.test(u));
    assert.deepEqual(foreign, [], 'resources from another origin');
  });
}

for (const { slug, scan } of published) {
  test(`/q/${slug}/: quotes the original only inside its errata, one box per declared erratum`, () => {
    const $ = pages.get(`/q/${slug}/`);
    assert.ok($, `/q/${slug}/ not built`);
    const boxes = $('[data-errata]');
    assert.equal(boxes.length, scan.errata.length, 'errata boxes vs <Errata> in the source');
    assert.ok(boxes.length > 0, 'a question page has at least one erratum');
    assert.deepEqual(boxes.toArray().map((el) => $(el).attr('id')), scan.errata.map((e) => e.anchor));
    const squash = (s) => s.replace(/\s+/g, '');
    const quotes = $('[data-errata] .errata-quote').toArray().map((el) => squash($(el).text()));
    const body = load($('body').html() ?? '');
    body('[data-errata]').remove();
    const rest = squash(body('body').text());
    assert.deepEqual(quotes.filter((q) => rest.includes(q)), [], 'the original text appears outside [data-errata]');
  });
}

test('/errata/ links every erratum of every question page exactly once', () => {
  const $ = pages.get('/errata/');
  const links = $('.errata-index a[href*="#errata-"]').toArray().map((el) => $(el).attr('href'));
  const expected = published.flatMap((q) => q.scan.errata.map((e) => `/q/${q.slug}/#${e.anchor}`));
  assert.deepEqual([...links].sort(), [...expected].sort());
});

test('/references/ lists every entry a published page cites', () => {
  const $ = pages.get('/references/');
  const listed = new Set($('[id^="ref-"], [id]').toArray().map((el) => $(el).attr('id')));
  const cited = new Set(published.flatMap((q) => q.data.refs ?? []));
  const missing = [...cited].filter((id) => !listed.has(id) && !listed.has(`ref-${id}`));
  assert.deepEqual(missing, [], 'cited but not on /references/');
});
