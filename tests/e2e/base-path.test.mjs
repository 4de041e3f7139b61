// The site deployed under a sub-path (a GitHub Pages project site): a scratch copy built with
// BASE_PATH=/sub/ and served under /sub/, once as GitHub Pages serves it (no custom headers) and once
// with public/_headers applied as Netlify and Cloudflare Pages apply it (cross-origin isolation).
// Builds its own copy (about 40 s), so it needs no `npm run build`: node --test tests/e2e/base-path.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { chromium } from 'playwright-core';
import { launchOptions } from './browser.mjs';
import { ROOT, astroEnv, scratchCopy } from '../build/scratch.mjs';
import { BUILD_STEPS, stepArgs } from '../../scripts/lib/build-steps.mjs';
import { serve } from '../../scripts/serve.mjs';
import { chartData } from '../../src/runner/shared/format.ts';
import { compareClose, decode, fromFlat } from '../../snippets/_test/compare.ts';

const BASE = '/sub/';
const SITE_URL = 'https://example.github.io';
const SNIPPET = 'rope/rope';
const PAGE = '/q/rope/';

let copy;
let dist = '';
let browser;
/** The same build served twice: as GitHub Pages does, and with dist/_headers applied. */
let plain;
let isolated;

before(
  async () => {
    copy = scratchCopy('bagu-base-');
    dist = join(copy.dir, 'dist');
    const env = { ...astroEnv(), BASE_PATH: BASE, SITE_URL };
    for (const args of BUILD_STEPS.map((step) => stepArgs(step, ROOT))) {
      const r = spawnSync(process.execPath, args, { cwd: copy.dir, env, encoding: 'utf8', timeout: 240_000 });
      assert.equal(r.status, 0, `${args.join(' ')} failed:\n${stripVTControlCharacters(`${r.stdout}\n${r.stderr}`)}`);
    }
    plain = await serve({ port: 0, root: dist, base: BASE });
    isolated = await serve({ port: 0, root: dist, base: BASE, headers: true });
    browser = await chromium.launch(launchOptions());
  },
  { timeout: 300_000 },
);

after(async () => {
  await browser?.close();
  plain?.close();
  isolated?.close();
  copy?.dispose();
});

/**
 * Opens `path` (a site path such as /q/rope/) on `server` and records every problem a reader would
 * meet: console errors, Pagefind falling back from its worker, failed requests, HTTP errors
 * (except the 404 page's own status when `missing`), requests to another origin.
 */
async function open(server, path, { missing = false } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (m) => {
    // Chromium logs the 404 page's own status as a failed load.
    if (missing && m.location().url === server.url + path && /status of 404/.test(m.text())) return;
    if (m.type() === 'error' || (m.type() === 'warning' && /pagefind/i.test(m.text())))
      problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('request', (r) => {
    const u = r.url();
    requests.push(u);
    if (!u.startsWith(server.origin) && !u.startsWith('data:') && !u.startsWith('blob:'))
      problems.push(`request to another origin: ${u}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !(missing && r.request().isNavigationRequest()))
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(server.url + path, { waitUntil: 'networkidle' });
  return { context, page, problems, requests, response };
}

/** What shows that the page's CSS and JS arrived: styles applied, the header script ran. */
async function assertStyledAndScripted(page, requests, server) {
  assert.equal(
    await page.$eval('.site-header', (el) => getComputedStyle(el).position),
    'sticky',
    'global CSS not applied',
  );
  const scripts = requests.filter((u) => u.endsWith('.js'));
  assert.ok(scripts.length > 0, 'no script loaded');
  for (const u of scripts)
    assert.ok(u.startsWith(`${server.origin}${BASE}_astro/`), `script outside ${BASE}_astro/: ${u}`);
  // initChrome() ran: the theme button toggles the theme.
  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.click('#theme-btn');
  assert.notEqual(
    await page.evaluate(() => document.documentElement.dataset.theme),
    before,
    'header script did not run',
  );
  await page.click('#theme-btn');
}

/** Presses 运行 on `runner` with `backend` chosen; resolves with the run's final message. */
async function runOn(runner, backend) {
  await runner.locator('select[data-part=backend]').selectOption(backend);
  await runner.evaluate((el) => {
    el.__final = new Promise((resolve) => el.addEventListener('snippet-run', (e) => resolve(e.detail), { once: true }));
  });
  await runner.locator('[data-action=run]').click();
  // A run that never ends (a backend stuck starting) fails here rather than hanging the suite.
  return runner.evaluate((el) =>
    Promise.race([
      el.__final,
      new Promise((resolve) => setTimeout(() => resolve({ type: 'no answer in 30 s' }), 30_000)),
    ]),
  );
}

/** main()'s result as the page reports it against reference.json (the runner suite's comparison, shortened). */
function assertMatchesReference(final, label) {
  const reference = JSON.parse(readFileSync(join('snippets', SNIPPET.split('/')[0], 'reference.json'), 'utf8'));
  const expected = reference.main[SNIPPET.split('/')[1]];
  const got = Object.fromEntries(final.result.map((r) => [r.name, r.value]));
  assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort(), `${label}: returned keys`);
  for (const [name, exp] of Object.entries(expected)) {
    const v = chartData(got[name]) ?? got[name];
    const actual = v.kind === 'number' ? v.value : fromFlat(v.values, v.shape);
    const { ok, problems } = compareClose(actual, decode(exp), reference.tolerance, `${label}: ${name}`);
    assert.ok(ok, problems.join('\n'));
  }
}

/** Types `query` into the search dialog; resolves with the result links (href attributes, in order). */
async function search(page, query) {
  await page.keyboard.press('/');
  await page.waitForSelector('#search-dialog[open]');
  await page.type('#search-input', query);
  await page.waitForFunction((q) => document.getElementById('search-results')?.dataset.done === q, query);
  return page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
}

test('the built pages link inside the base path, and the link check resolves every link under it', () => {
  const r = spawnSync(process.execPath, ['scripts/check-links.mjs', dist, '--base', BASE], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /all resolve under the base path \/sub\//);
  // The same build checked as a root build fails: the check really reads the base.
  const root = spawnSync(process.execPath, ['scripts/check-links.mjs', dist, '--base', '/'], { encoding: 'utf8' });
  assert.notEqual(root.status, 0);
  const html = readFileSync(join(dist, 'q/rope/index.html'), 'utf8');
  for (const tag of [
    `<link rel="canonical" href="${SITE_URL}${BASE}q/rope/">`,
    `<meta property="og:url" content="${SITE_URL}${BASE}q/rope/">`,
    `<link rel="icon" href="${BASE}favicon.svg"`,
    `<link rel="sitemap" href="${BASE}sitemap-index.xml">`,
  ])
    assert.ok(html.includes(tag), `q/rope/index.html lacks ${tag}`);
  assert.match(
    readFileSync(join(dist, 'sitemap-index.xml'), 'utf8'),
    /<loc>https:\/\/example\.github\.io\/sub\/sitemap-0\.xml<\/loc>/,
  );
  assert.match(
    readFileSync(join(dist, 'sitemap-0.xml'), 'utf8'),
    /<loc>https:\/\/example\.github\.io\/sub\/q\/rope\/<\/loc>/,
  );
  assert.ok(readFileSync(join(dist, '_headers'), 'utf8').includes('Cross-Origin-Embedder-Policy: require-corp'));
});

test(
  `under ${BASE} as GitHub Pages serves it: a question page loads whole, a snippet runs on CPU, search finds a page that opens`,
  { timeout: 90_000 },
  async () => {
    const { context, page, problems, requests, response } = await open(plain, PAGE);
    assert.equal(response.status(), 200);
    await assertStyledAndScripted(page, requests, plain);
    await page.waitForSelector(`snippet-runner[data-snippet="${SNIPPET}"][data-ready]`);
    const final = await runOn(page.locator(`snippet-runner[data-snippet="${SNIPPET}"]`), 'cpu');
    assert.equal(final?.type, 'done', JSON.stringify(final?.error));
    assert.equal(final.backend, 'cpu');
    assertMatchesReference(final, `${SNIPPET} on cpu under ${BASE}`);
    assert.ok(
      requests.some((u) => u.startsWith(`${plain.origin}${BASE}_astro/worker`)),
      `the runner worker did not load from ${BASE}_astro/`,
    );

    const links = await search(page, '均方根');
    assert.ok(links.length > 0, 'search found nothing');
    for (const href of links) assert.ok(href.startsWith(BASE), `search result outside ${BASE}: ${href}`);
    assert.ok(
      requests.some((u) => u === `${plain.origin}${BASE}pagefind/pagefind.js`),
      `Pagefind not loaded from ${BASE}pagefind/`,
    );
    const [nav] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle' }),
      page.locator('#search-results > li a.result-title').first().click(),
    ]);
    assert.equal(nav?.status(), 200, `first result ${links[0]} answered ${nav?.status()}`);
    assert.equal(new URL(page.url()).pathname, `${BASE}q/rmsnorm/`);
    assert.equal(await page.locator('h1').count(), 1);
    assert.deepEqual(problems, []);
    await context.close();
  },
);

test(
  `under ${BASE}: a missing page gets the 404 page, styled, linking home under the base`,
  { timeout: 30_000 },
  async () => {
    const { context, page, problems, requests, response } = await open(plain, '/no-such-page/', { missing: true });
    assert.equal(response.status(), 404);
    await assertStyledAndScripted(page, requests, plain);
    assert.equal(await page.locator('main a', { hasText: '回到首页' }).getAttribute('href'), BASE);
    assert.deepEqual(problems, []);
    await context.close();
  },
);

test(
  `with public/_headers (COOP + COEP): the page is cross-origin isolated, WASM runs with threads, CPU and search still work`,
  { timeout: 90_000 },
  async () => {
    const { context, page, problems, requests, response } = await open(isolated, PAGE);
    assert.equal(response.headers()['cross-origin-embedder-policy'], 'require-corp');
    assert.equal(response.headers()['cross-origin-opener-policy'], 'same-origin');
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'not cross-origin isolated');
    await assertStyledAndScripted(page, requests, isolated);
    await page.waitForSelector(`snippet-runner[data-snippet="${SNIPPET}"][data-ready]`);
    const runner = page.locator(`snippet-runner[data-snippet="${SNIPPET}"]`);
    for (const backend of ['wasm', 'cpu']) {
      const final = await runOn(runner, backend);
      assert.equal(final?.type, 'done', `${backend}: ${JSON.stringify(final?.error)}`);
      assert.equal(final.backend, backend);
      assertMatchesReference(final, `${SNIPPET} on ${backend} with COEP`);
    }
    // tfjs picks its threaded build when the worker can share memory.
    const wasm = requests.filter((u) => u.endsWith('.wasm') && u.includes('/_astro/'));
    assert.ok(
      wasm.some((u) => u.includes('threaded-simd')),
      `WASM did not use threads: ${wasm.join(', ')}`,
    );
    const links = await search(page, 'RoPE');
    assert.ok(links[0]?.startsWith(`${BASE}q/`), `first result: ${links[0]}`);
    assert.ok(
      requests.some((u) => u === `${isolated.origin}${BASE}pagefind/pagefind-worker.js`),
      'Pagefind did not start its worker',
    );
    assert.deepEqual(problems, []);
    await context.close();
  },
);
