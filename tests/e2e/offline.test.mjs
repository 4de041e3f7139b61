// Offline reading through the service worker (scripts/build-sw.mjs, src/scripts/offline.ts), on a
// copy of the built site so that a "new deploy" can be made in place. Run after `npm run build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { launchOptions, recordProblems } from './browser.mjs';
import { serve } from '../../scripts/serve.mjs';

const PAGE = '/q/rope/';
let dir = '';
let browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bagu-offline-'));
  cpSync('dist', dir, { recursive: true });
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A first visit of `path` on `server` in a fresh context, returned once the worker has precached
 * the site.
 */
async function firstVisit(server, path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = recordProblems(page);
  await page.goto(server.url + path, { waitUntil: 'load' });
  await page.waitForSelector('html[data-offline-ready]', { state: 'attached', timeout: 60_000 });
  return { context, page, problems };
}

test('after one visit, with the network cut: the page read, search, the practice page and a CPU run still work, and the page says it is offline', async () => {
  const server = await serve({ port: 0, root: dir });
  const { context, page } = await firstVisit(server, PAGE);
  // No network: the browser is told so, and the server is gone too (whatever the emulation covers).
  await context.setOffline(true);
  server.close();

  // The page read online (it came before the worker, and was kept by the page itself).
  await page.reload({ waitUntil: 'load' });
  assert.match(await page.title(), /RoPE/);
  // Chromium 150 starts the reloaded document with navigator.onLine true under Playwright's offline
  // emulation (the requests still fail). Told again, the browser fires 'offline' there, as a real
  // connection loss does; the page must then say so.
  if (await page.evaluate(() => navigator.onLine)) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: true,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  await page.waitForSelector('#net-status:not([hidden])');
  assert.match(await page.textContent('#net-status'), /离线/);

  // Search: Pagefind's whole bundle is precached, so any query works.
  await page.click('#search-btn');
  await page.fill('#search-input', '归一化');
  await page.waitForFunction(() => document.getElementById('search-results')?.dataset.done === '归一化');
  const found = await page.$$eval('#search-results a.result-title', (as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(found.includes('/q/rmsnorm/') || found.includes('/q/layernorm/'), `offline search found ${found}`);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('search-dialog').open);

  // A snippet on CPU: the runner, its worker and tfjs come from the precache.
  await page.waitForSelector('snippet-runner[data-ready]');
  const runner = page.locator('snippet-runner').first();
  await runner.locator('select[data-part=backend]').selectOption('cpu');
  await runner.evaluate((el) => {
    el.__final = new Promise((ok) => el.addEventListener('snippet-run', (e) => ok(e.detail), { once: true }));
  });
  await runner.locator('[data-action=run]').click();
  const final = await runner.evaluate((el) => el.__final);
  assert.equal(final.error ?? null, null, `offline CPU run failed: ${JSON.stringify(final.error)}`);

  // The practice page (precached, never opened) and its cards.
  await page.goto(server.url + '/practice/', { waitUntil: 'load' });
  await page.waitForFunction(() => !!document.getElementById('practice')?.dataset.state);
  assert.ok((await page.locator('#practice').count()) === 1);

  // A page never opened: the offline page says so instead of the browser's error.
  await page.goto(server.url + '/q/gelu/', { waitUntil: 'load' });
  assert.match(await page.textContent('h1'), /离线/);
  await context.close();
});

test('a new deploy replaces the old one on the next visit: the page offers 刷新 and then shows the new version', async () => {
  const server = await serve({ port: 0, root: dir });
  const { context, page, problems } = await firstVisit(server, '/');
  const before = await page.textContent('h1');
  // Deploy: the home page changes and the worker is rebuilt over the copy, as the build does.
  const home = join(dir, 'index.html');
  writeFileSync(home, readFileSync(home, 'utf8').replace(/<h1([^>]*)>/, '<h1$1>新版本 '));
  const r = spawnSync(process.execPath, ['scripts/build-sw.mjs', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);

  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#net-status:not([hidden]) .net-action:not([hidden])', { timeout: 60_000 });
  assert.match(await page.textContent('#net-status'), /新版本/);
  assert.equal(await page.textContent('h1'), before, 'the old version stays until the reader chooses');
  await Promise.all([page.waitForEvent('load'), page.click('#net-status .net-action')]);
  assert.match(await page.textContent('h1'), /^新版本 /);
  assert.deepEqual(problems, []);
  await context.close();
  server.close();
});
