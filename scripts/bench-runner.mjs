#!/usr/bin/env node
// Runner benchmark (part of `npm run bench`; alone `npm run bench:runner`, after `npm run build`): for each backend, the time from pressing
// 运行 to the first console line on a cold page (fresh browser context: empty cache, no worker) and
// on a warm one (the second run), and the bytes each interaction loads (first page load, 运行, 编辑).
// Prints a table; exits non-zero when a target is missed.
//   Targets: cold run < 1.5 s on WebGL; warm overhead < 50 ms; the page's first load carries only
//   the runner's element script and stylesheet.
// Options (env): PAGE=/q/rope/  DIST_DIR=dist  REPEAT=3 (medians of REPEAT cold/warm measurements)
//   OUT=test-results/bench-runner.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { median } from './lib/median.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';

const PAGE = process.env.PAGE ?? '/q/rope/';
const REPEAT = Number(process.env.REPEAT ?? 3);
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];
const TARGET = { coldWebglMs: 1500, warmMs: 50 };

const server = await serve({ port: 0, root: process.env.DIST_DIR ?? 'dist' });
const browser = await chromium.launch(launchOptions());

/** Records every response of a page with its raw and gzip size, tagged by the current phase. */
function recorder(page) {
  const log = [];
  let phase = 'load';
  const pending = [];
  page.on('response', (r) => {
    if (r.url().startsWith('blob:')) return; // the reader's own module, not a download
    const tag = phase;
    pending.push(
      r.body().then(
        (body) =>
          log.push({ phase: tag, url: r.url().replace(server.url, ''), raw: body.length, gzip: gzipSync(body).length }),
        () => {},
      ),
    );
  });
  return {
    set: (p) => (phase = p),
    settle: () => Promise.all(pending),
    sum: (p, filter = () => true) =>
      log
        .filter((e) => e.phase === p && filter(e))
        .reduce((a, e) => ({ raw: a.raw + e.raw, gzip: a.gzip + e.gzip, n: a.n + 1 }), { raw: 0, gzip: 0, n: 0 }),
    entries: (p) => log.filter((e) => e.phase === p),
  };
}

/** Clicks 运行 in the page and resolves with ms until the first console line, then waits for the end. */
async function timeToFirstOutput(page, backend) {
  return page.evaluate(async (backend) => {
    const el = document.querySelector('snippet-runner');
    el.querySelector('select[data-part=backend]').value = backend;
    el.querySelector('select[data-part=backend]').dispatchEvent(new Event('change'));
    const log = el.querySelector('[data-part=log]');
    const ended = new Promise((r) => el.addEventListener('snippet-run', (e) => r(e.detail), { once: true }));
    let t1 = null;
    const first = new Promise((resolve) => {
      const mo = new MutationObserver(() => {
        if (log.querySelector('.log-log')) {
          t1 = performance.now();
          mo.disconnect();
          resolve();
        }
      });
      mo.observe(log, { childList: true });
    });
    const t0 = performance.now();
    el.querySelector('[data-action=run]').click();
    const final = await ended;
    await Promise.race([first, new Promise((r) => setTimeout(r, 10))]);
    return {
      ms: t1 === null ? null : t1 - t0,
      backend: final?.backend ?? null,
      type: final?.type ?? null,
      elapsed: final?.elapsedMs ?? null,
    };
  }, backend);
}

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const rows = [];
const problems = [];
let loadBytes;
let editBytes;

for (const backend of BACKENDS) {
  const cold = [];
  const warm = [];
  let runBytes;
  let runFiles;
  for (let i = 0; i < REPEAT; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block' }); // empty HTTP cache, no service worker, new page worker
    const page = await context.newPage();
    const rec = recorder(page);
    await page.goto(server.url + PAGE, { waitUntil: 'networkidle' });
    await page.waitForSelector('snippet-runner[data-ready]');
    await rec.settle();
    rec.set('run');
    const c = await timeToFirstOutput(page, backend);
    if (c.type !== 'done' || c.backend !== backend)
      problems.push(`${backend}: cold run ended ${c.type} on ${c.backend}`);
    cold.push(c.ms);
    await page.waitForLoadState('networkidle');
    await rec.settle();
    rec.set('warm');
    const w = await timeToFirstOutput(page, backend);
    warm.push(w.ms);
    await rec.settle();
    if (i === 0) {
      runBytes = rec.sum('run');
      runFiles = rec.entries('run');
      if (rec.sum('warm').n > 0) problems.push(`${backend}: the warm run fetched ${rec.sum('warm').n} files`);
      if (backend === BACKENDS[0]) {
        loadBytes = rec;
        rec.set('edit');
        await page.click('snippet-runner [data-action=edit]');
        await page.waitForSelector('snippet-runner .cm-editor');
        await page.waitForLoadState('networkidle');
        await rec.settle();
        editBytes = rec.sum('edit');
      }
    }
    await context.close();
  }
  rows.push({ backend, cold: median(cold), warm: median(warm), bytes: runBytes, files: runFiles });
}

// First load: everything vs the runner's part (its element script, Vite's preload helper, its CSS).
const isRunner = (e) => /\/_astro\/(Runnable[^/]*|preload-helper[^/]*)$/.test(e.url);
const first = loadBytes.sum('load');
const firstRunner = loadBytes.sum('load', isRunner);
const firstJs = loadBytes.sum('load', (e) => e.url.endsWith('.js'));

console.log(`\nRunner benchmark: ${PAGE}, median of ${REPEAT}; sizes as a gzip-compressing host would serve them\n`);
console.log('| backend | cold: 运行 → first output | warm: 运行 → first output | 运行 loads (cold) |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.backend} | ${r.cold?.toFixed(0) ?? '—'} ms | ${r.warm?.toFixed(1) ?? '—'} ms | ${kb(r.bytes.gzip)} gzip (${kb(r.bytes.raw)} raw, ${r.bytes.n} files) |`,
  );
}
console.log('\n| interaction | loads |');
console.log('| --- | ---: |');
console.log(`| first page load (all) | ${kb(first.gzip)} gzip, ${first.n} files |`);
console.log(`| … of which JavaScript | ${kb(firstJs.gzip)} gzip |`);
console.log(
  `| … of which the runner (element script, preload helper, CSS) | ${kb(firstRunner.gzip)} gzip, ${firstRunner.n} files |`,
);
console.log(`| 编辑 (CodeMirror) | ${kb(editBytes.gzip)} gzip, ${editBytes.n} files |`);
// What every backend loads (runner, tfjs-core, sucrase) and what only one backend loads (its chunks).
const name = (u) => u.replace(/^\/_astro\//, '').replace(/[-.][\w-]{8}\.(js|wasm)$/, '.$1');
const common = rows[0].files.filter((f) => rows.every((r) => r.files.some((g) => g.url === f.url)));
console.log('\nLoaded by the first 运行 on every backend:');
for (const e of common.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${kb(e.gzip).padStart(9)} gzip  ${name(e.url)}`);
for (const r of rows) {
  const own = r.files.filter((f) => !common.some((c) => c.url === f.url));
  const total = own.reduce((a, e) => a + e.gzip, 0);
  console.log(
    `Only for ${r.backend} (${kb(total)} gzip): ${own
      .sort((a, b) => b.gzip - a.gzip)
      .map((e) => `${name(e.url)} ${kb(e.gzip)}`)
      .join(', ')}`,
  );
}

const webgl = rows.find((r) => r.backend === 'webgl');
if (!(webgl.cold < TARGET.coldWebglMs))
  problems.push(`cold WebGL run ${webgl.cold?.toFixed(0)} ms ≥ ${TARGET.coldWebglMs} ms`);
for (const r of rows)
  if (!(r.warm < TARGET.warmMs))
    problems.push(`${r.backend}: warm overhead ${r.warm?.toFixed(1)} ms ≥ ${TARGET.warmMs} ms`);
const strayFirstLoad = loadBytes
  .entries('load')
  .filter((e) => /worker|transpile|backends|client|output|editor|tfjs|\.wasm$/.test(e.url));
if (strayFirstLoad.length)
  problems.push(`first load fetched runner code: ${strayFirstLoad.map((e) => e.url).join(', ')}`);

await browser.close();
server.close();
const out = process.env.OUT ?? 'test-results/bench-runner.json';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      page: PAGE,
      repeat: REPEAT,
      target: TARGET,
      backends: rows.map((r) => ({ backend: r.backend, coldMs: r.cold, warmMs: r.warm, runGzip: r.bytes.gzip })),
      firstLoadGzip: first.gzip,
      firstLoadJsGzip: firstJs.gzip,
      editGzip: editBytes.gzip,
      problems,
    },
    null,
    2,
  ),
);
if (problems.length) {
  console.error(`\nTargets missed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `\nTargets met: cold WebGL < ${TARGET.coldWebglMs} ms, warm overhead < ${TARGET.warmMs} ms, first load carries only the element.`,
);
