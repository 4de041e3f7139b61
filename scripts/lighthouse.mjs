#!/usr/bin/env node
// Lighthouse (mobile by default, `--desktop` for desktop) on the exemplar pages of the built site,
// offline, with Debian's Chromium. Prints one line of scores per page. Not part of `npm test`
// (one run takes ~15 s a page); run it after `npm run build`: node scripts/lighthouse.mjs [paths...]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { chromiumPath } from '../tests/e2e/browser.mjs';

const args = process.argv.slice(2);
const desktop = args.includes('--desktop');
const paths = args.filter((a) => !a.startsWith('--'));
const targets = paths.length ? paths : ['/q/rope/', '/q/rmsnorm/', '/q/repetition/'];
const server = await serve({ port: 0 });
let failed = false;
for (const path of targets) {
  const dir = mkdtempSync(join(tmpdir(), 'lh-'));
  const out = join(dir, 'report.json');
  const flags = `--headless --no-sandbox --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic --user-data-dir=${dir}/profile`;
  // Async on purpose: the server runs in this process, so a synchronous spawn would starve it.
  const r = await promisify(execFile)(
    'npx',
    [
      'lighthouse',
      server.url + path,
      '--quiet',
      `--chrome-flags=${flags}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      '--output=json',
      `--output-path=${out}`,
      ...(desktop ? ['--preset=desktop'] : []),
    ],
    { env: { ...process.env, CHROME_PATH: chromiumPath() }, maxBuffer: 1 << 26 },
  ).then(
    () => ({ ok: true, stderr: '' }),
    (e) => ({ ok: false, stderr: String(e.stderr ?? e) }),
  );
  if (!r.ok) {
    console.error(`${path}: lighthouse failed\n${r.stderr}`);
    failed = true;
  } else {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const s = Object.fromEntries(Object.entries(report.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
    const a = report.audits;
    console.log(
      `${path.padEnd(18)} perf ${s.performance}  a11y ${s.accessibility}  best ${s['best-practices']}  seo ${s.seo}  ` +
        `FCP ${a['first-contentful-paint'].displayValue}  LCP ${a['largest-contentful-paint'].displayValue}  TBT ${a['total-blocking-time'].displayValue}  CLS ${a['cumulative-layout-shift'].displayValue}`,
    );
    for (const [k, v] of Object.entries(report.categories)) {
      for (const ref of v.auditRefs) {
        const au = a[ref.id];
        if (ref.weight > 0 && au.score !== null && au.score < 1 && k !== 'performance')
          console.log(`    ${k}: ${au.id} ${au.title}`);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
server.close();
process.exit(failed ? 1 : 0);
