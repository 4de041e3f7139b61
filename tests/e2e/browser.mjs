// Launch options for Debian's Chromium through playwright-core (no browser download here).
import { existsSync } from 'node:fs';

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((x) => existsSync(x));
  if (!p) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return p;
}

/** Flags: no sandbox (root in CI), no background traffic to Google (the network is closed), WebGPU on. */
export function launchOptions() {
  return {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
      '--use-angle=swiftshader',
    ],
  };
}

/**
 * Registers node:test hooks that serve `root` on a free port and launch Chromium once per file.
 * Returns a live handle: `site.url`, `site.origin`, `site.browser` are set once `before` has run.
 * `site.url` ends in the base path without its last slash (`http://127.0.0.1:4321/sub`), so
 * `site.url + '/q/rope/'` is a page under any base. `headers` applies dist/_headers (COOP/COEP);
 * HEADERS=1 turns it on for every suite (scripts/serve.mjs).
 */
export function useSite({ before, after }, root = 'dist', { base = '/', headers = process.env.HEADERS === '1' } = {}) {
  const site = { url: '', origin: '', browser: undefined, server: undefined };
  before(async () => {
    const { serve } = await import('../../scripts/serve.mjs');
    const { chromium } = await import('playwright-core');
    site.server = await serve({ port: 0, root, base, headers });
    site.url = site.server.url;
    site.origin = site.server.origin;
    site.browser = await chromium.launch(launchOptions());
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  return site;
}

/**
 * Collects what a page must not do: console errors, uncaught errors, failed requests. Returns the
 * list, filled as they happen (tests assert it is empty).
 */
export function recordProblems(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  return problems;
}
