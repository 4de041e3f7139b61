#!/usr/bin/env node
// After the build and Pagefind (`npm run build`): writes dist/sw.js, the service worker that keeps
// the site readable offline, with Workbox (workbox-build's generateSW: precache manifest with
// revisions, runtime routes, old caches cleaned up). What it keeps (README, Offline):
// - precached on the first visit: the home page, the practice page, the offline page, every
//   hashed script and style (the runner, its editor and all four backends), the runner's SIMD
//   .wasm, and Pagefind's whole bundle (so search works offline for any query);
// - every page read online (network first, the cached copy when offline or after 4 s), and any
//   other hashed asset once used (KaTeX's fonts, other .wasm builds); the first page, which loaded
//   before the worker, stores itself and what it loaded (src/scripts/offline.ts);
// - a page never visited, offline: the offline page, which says so.
// A new deploy changes this file's manifest; the browser installs the new worker in the background
// and the page offers 刷新 (src/scripts/offline.ts): nothing is stuck on an old version.
import { generateSW } from 'workbox-build';
import { join } from 'node:path';
import { ASSETS_CACHE, PAGES_CACHE } from '../src/lib/offline.ts';
import { normaliseBase } from '../src/lib/base-path.ts';

const dist = process.argv[2] ?? 'dist';
const base = normaliseBase(process.env.BASE_PATH);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const { count, size, warnings } = await generateSW({
  globDirectory: dist,
  globPatterns: [
    'index.html',
    'practice/index.html',
    'offline/index.html',
    'favicon.svg',
    '_astro/**/*.{js,css}',
    '_astro/**/tfjs-backend-wasm-simd-*.wasm',
    'pagefind/**/*',
  ],
  // Pagefind's own UI bundle and highlighter are not used by this site.
  globIgnores: ['pagefind/pagefind-component-ui.*', 'pagefind/pagefind-highlight.js', 'pagefind/pagefind-ui.*'],
  swDest: join(dist, 'sw.js'),
  modifyURLPrefix: { '': base },
  // Hashed file names are their own revision.
  dontCacheBustURLsMatching: /\/_astro\/|\/pagefind\/(index|fragment|filter)\//,
  // The practice page's ?section= and ?mode= choose cards on the page, the same file; Pagefind asks
  // for pagefind-entry.json?ts=<now> to skip the HTTP cache (the precache is the version in use).
  ignoreURLParametersMatching: [/^section$/, /^mode$/, /^ts$/, /^utm_/],
  directoryIndex: 'index.html',
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: 'production',
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  // A new worker waits until the reader chooses 刷新 (or every tab of the site is closed).
  skipWaiting: false,
  navigationPreload: false,
  runtimeCaching: [
    {
      // Serialised into sw.js: no outside names (the worker's scope is the base path anyway).
      urlPattern: ({ request }) => request.mode === 'navigate',
      handler: 'NetworkFirst',
      options: {
        cacheName: PAGES_CACHE,
        networkTimeoutSeconds: 4,
        expiration: { maxEntries: 300 },
        cacheableResponse: { statuses: [200] },
        precacheFallback: { fallbackURL: `${base}offline/index.html` },
      },
    },
    {
      urlPattern: new RegExp(`^${escape(base)}_astro/`),
      handler: 'CacheFirst',
      options: { cacheName: ASSETS_CACHE, expiration: { maxEntries: 200 }, cacheableResponse: { statuses: [200] } },
    },
  ],
});
for (const w of warnings) console.warn(`service worker: ${w}`);
console.log(`service worker: ${count} files precached (${(size / 1e6).toFixed(2)} MB) -> ${join(dist, 'sw.js')}`);
