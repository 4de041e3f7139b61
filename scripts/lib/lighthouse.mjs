// Lighthouse through its Node API on Debian's Chromium, offline: one browser for many audits (each
// audit opens a fresh tab with its storage and cache reset, as the CLI does), about 3x faster than
// one `npx lighthouse` process per page. Used by scripts/lighthouse.mjs and scripts/bench-site.mjs.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumPath } from '../../tests/e2e/browser.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** Starts headless Chromium for Lighthouse; `kill()` stops it. */
export async function startChrome() {
  return chromeLauncher.launch({
    chromePath: chromiumPath(),
    chromeFlags: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Audits `url` (mobile unless `desktop`) in the Chromium listening on `port`. Returns the four
 * scores (0-100), the performance metrics (ms; CLS unitless) and the failing non-performance audits.
 */
export async function audit(url, port, { desktop = false } = {}) {
  const flags = { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
  const config = desktop ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  const result = await lighthouse(url, flags, config);
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  const { categories, audits, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`lighthouse: ${runtimeError.code} ${runtimeError.message} (${url})`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((categories[c]?.score ?? 0) * 100)]));
  const metric = (id) => audits[id]?.numericValue ?? null;
  const failing = [];
  for (const c of CATEGORIES.filter((k) => k !== 'performance'))
    for (const ref of categories[c].auditRefs) {
      const a = audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) failing.push(`${c}: ${a.id} ${a.title}`);
    }
  return {
    scores,
    metrics: {
      fcp: metric('first-contentful-paint'),
      lcp: metric('largest-contentful-paint'),
      tbt: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
      si: metric('speed-index'),
    },
    failing,
  };
}
