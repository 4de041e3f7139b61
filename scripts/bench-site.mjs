#!/usr/bin/env node
// Site benchmark (part of `npm run bench`; alone after `npm run build`): for every reader-facing
// page of the built site, what a first visit downloads (bytes on the wire by type, request count;
// a fresh browser context, no service worker) and Lighthouse mobile, RUNS times (median, and the
// lowest performance score). With --against <folder> it measures another built site the same way,
// Lighthouse runs interleaved with ours so that machine noise falls on both, and prints the ratios.
//
//   node scripts/bench-site.mjs                        every page, 5 Lighthouse runs each
//   node scripts/bench-site.mjs --runs 1 --pages /q/rope/,/q/rmsnorm/
//   node scripts/bench-site.mjs --against ../starlight-cmp/dist --against-pages 12
//   DIST_DIR=new/dist node scripts/bench-site.mjs --pages /q/rope/ --against old/dist --against-pages /q/rope/
//
// Writes test-results/bench-site.json. Targets (issue 15): performance >= 99 in every run and
// 100 / 100 / 100 for accessibility, best practices and SEO on every page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { htmlFiles } from './lib/html-files.mjs';
import { audit, startChrome } from './lib/lighthouse.mjs';
import { median } from './lib/median.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    pages: { type: 'string' },
    against: { type: 'string' },
    'against-pages': { type: 'string', default: '12' },
    out: { type: 'string', default: 'test-results/bench-site.json' },
  },
});
const RUNS = Number(opts.runs);
const TARGET = { minPerformance: 99, other: 100 };

/** A built site's pages as URL paths: every index.html except generated code listings and 404/offline. */
function pagesOf(dist) {
  return [...htmlFiles(dist)]
    .map((f) => `/${relative(dist, f).split(sep).join('/')}`.replace(/index\.html$/, ''))
    .filter((p) => p.endsWith('/') && !p.startsWith('/code/snippets/') && p !== '/offline/')
    .sort();
}
/** `n` pages spread evenly over the sorted list (a sample of another site). */
const spread = (list, n) =>
  list.length <= n ? list : Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]);

const ours = { name: 'ours', dist: resolve(process.env.DIST_DIR ?? 'dist') };
ours.pages = opts.pages ? opts.pages.split(',') : pagesOf(ours.dist);
const sites = [ours];
if (opts.against) {
  const theirs = { name: 'theirs', dist: resolve(opts.against) };
  // A number samples their pages; a list of paths names them (an A/B of two builds of this site).
  const pick = opts['against-pages'];
  theirs.pages = pick.includes('/') ? pick.split(',') : spread(pagesOf(theirs.dist), Number(pick));
  sites.push(theirs);
}
for (const s of sites) s.server = await serve({ port: 0, root: s.dist });

// 1. Bytes of a first visit, by resource type, as the server sends them (gzip where it compresses).
const browser = await chromium.launch(launchOptions());
const TYPES = ['document', 'stylesheet', 'script', 'font', 'image'];
for (const site of sites) {
  site.rows = [];
  for (const path of site.pages) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const requests = [];
    page.on('requestfinished', (r) => requests.push(r));
    await page.goto(site.server.url + path, { waitUntil: 'networkidle' });
    const bytes = Object.fromEntries([...TYPES, 'other'].map((t) => [t, 0]));
    for (const r of requests) {
      const { responseBodySize, responseHeadersSize } = await r.sizes();
      const type = TYPES.includes(r.resourceType()) ? r.resourceType() : 'other';
      bytes[type] += responseBodySize + responseHeadersSize;
    }
    const total = Object.values(bytes).reduce((a, b) => a + b, 0);
    site.rows.push({ path, requests: requests.length, bytes, total, lighthouse: [] });
    await context.close();
  }
}
await browser.close();

// 2. Lighthouse, RUNS per page, the sites' audits interleaved (ours, theirs, ours, ...).
const queues = sites.map((s) => Array.from({ length: RUNS }, () => s.rows).flat());
const jobs = [];
const longest = Math.max(...queues.map((q) => q.length));
for (let i = 0; i < longest; i++)
  queues.forEach((q, k) => {
    // Spread the shorter queue evenly among the longer one's audits.
    const j = Math.floor((i * q.length) / longest);
    if (Math.floor(((i + 1) * q.length) / longest) > j) jobs.push({ site: sites[k], row: q[j] });
  });
const chrome = await startChrome();
let done = 0;
for (const { site, row } of jobs) {
  try {
    row.lighthouse.push(await audit(site.server.url + row.path, chrome.port));
  } catch (err) {
    row.lighthouse.push({ error: err instanceof Error ? err.message : String(err) });
  }
  if (++done % 20 === 0) console.error(`lighthouse ${done}/${jobs.length}`);
}
chrome.kill();
for (const s of sites) s.server.close();

for (const site of sites)
  for (const row of site.rows) {
    const ok = row.lighthouse.filter((l) => !l.error);
    const score = (c) => ok.map((l) => l.scores[c]);
    row.summary = {
      runs: ok.length,
      errors: row.lighthouse.filter((l) => l.error).map((l) => l.error),
      performance: median(score('performance')),
      performanceMin: Math.min(...score('performance')),
      accessibility: Math.min(...score('accessibility')),
      bestPractices: Math.min(...score('best-practices')),
      seo: Math.min(...score('seo')),
      tbt: median(ok.map((l) => l.metrics.tbt)),
      lcp: median(ok.map((l) => l.metrics.lcp)),
      fcp: median(ok.map((l) => l.metrics.fcp)),
      cls: median(ok.map((l) => l.metrics.cls)),
      failing: [...new Set(ok.flatMap((l) => l.failing))],
    };
  }

const kb = (b) => (b / 1000).toFixed(1);
console.log(`\nSite benchmark: ${ours.pages.length} pages, Lighthouse mobile × ${RUNS} (median; perf min)\n`);
console.log('| page | KB | HTML | CSS | JS | fonts | req | perf (min) | a11y | best | SEO | TBT ms | LCP s |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const site of sites) {
  if (sites.length > 1) console.log(`| **${site.name}** ${site.dist} | | | | | | | | | | | | |`);
  for (const r of site.rows) {
    const s = r.summary;
    console.log(
      `| ${r.path} | ${kb(r.total)} | ${kb(r.bytes.document)} | ${kb(r.bytes.stylesheet)} | ${kb(r.bytes.script)} | ${kb(r.bytes.font)} | ${r.requests} | ` +
        `${s.performance} (${s.performanceMin}) | ${s.accessibility} | ${s.bestPractices} | ${s.seo} | ${s.tbt?.toFixed(0)} | ${((s.lcp ?? 0) / 1000).toFixed(1)} |`,
    );
  }
}

/** Medians over a site's pages of the figures the ratios compare. */
function overall(site) {
  const m = (f) => median(site.rows.map(f));
  return {
    pages: site.rows.length,
    totalBytes: m((r) => r.total),
    jsBytes: m((r) => r.bytes.script),
    cssBytes: m((r) => r.bytes.stylesheet),
    fontBytes: m((r) => r.bytes.font),
    requests: m((r) => r.requests),
    performance: m((r) => r.summary.performance),
    tbt: m((r) => r.summary.tbt),
    lcp: m((r) => r.summary.lcp),
  };
}
const summary = sites.map((s) => ({ name: s.name, dist: s.dist, ...overall(s) }));
if (sites.length > 1) {
  const [a, b] = summary;
  const ratio = (k) => (b[k] ? (a[k] / b[k]).toFixed(2) : '—');
  console.log('\n| median per page | ours | theirs | ours / theirs |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [k, label, f] of [
    ['totalBytes', 'transferred KB', kb],
    ['jsBytes', 'JS KB', kb],
    ['cssBytes', 'CSS KB', kb],
    ['fontBytes', 'font KB', kb],
    ['requests', 'requests', String],
    ['performance', 'Lighthouse performance', String],
    ['tbt', 'TBT ms', (x) => x.toFixed(0)],
    ['lcp', 'LCP ms', (x) => x.toFixed(0)],
  ])
    console.log(`| ${label} | ${f(a[k])} | ${f(b[k])} | ${ratio(k)} |`);
}

const misses = ours.rows.flatMap((r) => {
  const s = r.summary;
  const out = [];
  if (s.errors.length) out.push(`${r.path}: ${s.errors.length} Lighthouse runs failed (${s.errors[0]})`);
  if (s.performanceMin < TARGET.minPerformance) out.push(`${r.path}: performance ${s.performanceMin} in a run`);
  for (const c of ['accessibility', 'bestPractices', 'seo'])
    if (s[c] < TARGET.other) out.push(`${r.path}: ${c} ${s[c]} (${s.failing.join('; ')})`);
  return out;
});
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(
  opts.out,
  JSON.stringify(
    { runs: RUNS, target: TARGET, summary, sites: sites.map(({ name, dist, rows }) => ({ name, dist, rows })) },
    null,
    2,
  ),
);
console.log(
  misses.length
    ? `\n${misses.length} misses of the targets:\n  ${misses.join('\n  ')}`
    : '\nEvery page met the targets in every run.',
);
