import { Workbox } from 'workbox-window';
import { ASSETS_CACHE, PAGES_CACHE } from '../lib/offline';

/**
 * Registers the service worker (scripts/build-sw.mjs, through workbox-window) and keeps the reader
 * told, in the status line at the bottom of the page: when they are offline (and what still works),
 * and when a new version of the site is ready (刷新 switches to it; nothing else reloads the page
 * under a reader's feet). Loaded after the page has loaded, never on the critical path.
 */
export function initOffline(swUrl: string, scope: string): void {
  const bar = document.getElementById('net-status');
  if (!bar || !('serviceWorker' in navigator)) return;
  const text = bar.querySelector<HTMLElement>('.net-text')!;
  const action = bar.querySelector<HTMLButtonElement>('.net-action')!;
  let updateReady: (() => void) | null = null;

  const render = () => {
    if (updateReady) {
      text.textContent = '网站有新版本。';
      action.textContent = '刷新';
      action.hidden = false;
    } else if (!navigator.onLine) {
      text.textContent = '当前离线：读过的页、搜索、刷题和 CPU / WASM 运行仍可用。';
      action.hidden = true;
    }
    bar.hidden = !updateReady && navigator.onLine;
  };
  addEventListener('online', render);
  addEventListener('offline', render);

  const wb = new Workbox(swUrl, { scope });
  // A new worker installed next to the one in control: offer it, don't force it.
  wb.addEventListener('waiting', () => {
    updateReady = () => {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    };
    render();
  });
  action.addEventListener('click', () => updateReady?.());
  // The page that brought the worker in loaded before any worker was in control: keep it too, so the
  // first page read is also there offline (later pages go through the worker's network-first route).
  const firstVisit = !navigator.serviceWorker.controller;
  const keepFirstPage = async () => {
    await (await caches.open(PAGES_CACHE)).add(location.href);
    // And the hashed files it loaded (its KaTeX fonts, say) that the worker does not precache.
    const assets = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => u.startsWith(`${location.origin}${scope}_astro/`) && !/\.(js|css)$/.test(new URL(u).pathname));
    const cache = await caches.open(ASSETS_CACHE);
    await Promise.all(assets.map((u) => cache.add(u).catch(() => {})));
  };
  wb.register()
    .then(() => navigator.serviceWorker.ready)
    .then(() => (firstVisit ? keepFirstPage() : undefined))
    .then(() => (document.documentElement.dataset.offlineReady = ''))
    .catch(() => {
      // No worker (private mode, a host that refuses it): the site still works online.
    });
  render();
}
