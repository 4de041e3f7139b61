#!/usr/bin/env node
// Lighthouse (mobile by default, `--desktop` for desktop) on pages of the built site, offline, with
// Debian's Chromium. Prints one line of scores per page. Not part of `npm test`; run it after
// `npm run build`: node scripts/lighthouse.mjs [paths...] (default: the three exemplar pages).
// DIST_DIR=<folder> measures another build (an older commit's dist, for a before/after).
// `npm run bench` runs it on every page, five times each (scripts/bench-site.mjs).
import { serve } from './serve.mjs';
import { audit, startChrome } from './lib/lighthouse.mjs';

const args = process.argv.slice(2);
const desktop = args.includes('--desktop');
const paths = args.filter((a) => !a.startsWith('--'));
const targets = paths.length ? paths : ['/q/rope/', '/q/rmsnorm/', '/q/repetition/'];
const server = await serve({ port: 0, root: process.env.DIST_DIR ?? 'dist' });
const chrome = await startChrome();
let failed = false;
const ms = (x) => `${(x / 1000).toFixed(1)} s`;
for (const path of targets) {
  try {
    const { scores: s, metrics: m, failing } = await audit(server.url + path, chrome.port, { desktop });
    console.log(
      `${path.padEnd(18)} perf ${s.performance}  a11y ${s.accessibility}  best ${s['best-practices']}  seo ${s.seo}  ` +
        `FCP ${ms(m.fcp)}  LCP ${ms(m.lcp)}  TBT ${m.tbt.toFixed(0)} ms  CLS ${m.cls.toFixed(3)}`,
    );
    for (const f of failing) console.log(`    ${f}`);
  } catch (err) {
    console.error(`${path}: ${err instanceof Error ? err.message : err}`);
    failed = true;
  }
}
chrome.kill();
server.close();
process.exit(failed ? 1 : 0);
