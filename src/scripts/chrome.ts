import { base, withBase } from '../lib/urls';
import { warmSearchEngine } from './search-engine';

/**
 * The only script a page ships on first load: theme toggle, navigation drawer, and the search
 * shortcuts. Search's own code and Pagefind load on the first open.
 */
export function initChrome(): void {
  const root = document.documentElement;

  // Theme: ThemeScript set data-theme before paint; the toggle stores an explicit choice.
  const themeBtn = document.getElementById('theme-btn');
  const syncThemeBtn = () => themeBtn?.setAttribute('aria-pressed', String(root.dataset.theme === 'dark'));
  syncThemeBtn();
  themeBtn?.addEventListener('click', () => {
    const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem('theme', next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    syncThemeBtn();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem('theme');
    } catch {
      // storage blocked: follow the system
    }
    if (!stored) {
      root.dataset.theme = e.matches ? 'dark' : 'light';
      syncThemeBtn();
    }
  });

  // Drawer (narrow screens).
  const menuBtn = document.getElementById('menu-btn');
  const backdrop = document.getElementById('drawer-backdrop');
  const setDrawer = (open: boolean, returnFocus = false) => {
    document.body.classList.toggle('drawer-open', open);
    menuBtn?.setAttribute('aria-expanded', String(open));
    menuBtn?.setAttribute('aria-label', open ? '关闭导航' : '打开导航');
    if (backdrop) backdrop.hidden = !open;
    // While the drawer is open the page behind it is out of reach for Tab and screen readers.
    for (const el of document.querySelectorAll<HTMLElement>('main, .site-footer')) el.inert = open;
    // The current page's link, not the first link: a selector list would match in document order.
    if (open)
      (
        document.querySelector<HTMLElement>('#sidebar a[aria-current="page"]') ??
        document.querySelector<HTMLElement>('#sidebar a')
      )?.focus();
    else if (returnFocus) menuBtn?.focus({ preventScroll: true });
  };
  menuBtn?.addEventListener('click', () => setDrawer(!document.body.classList.contains('drawer-open')));
  backdrop?.addEventListener('click', () => setDrawer(false, true));

  markTocSection();

  // Search: button, "/" and Ctrl/Cmd+K.
  const dialog = document.getElementById('search-dialog') as HTMLDialogElement | null;
  const openSearch = () => {
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // Focus and select the last query now, in the same task as the key that opened the dialog:
    // done later (when the dialog's chunk has loaded) it would select what the reader had
    // already started typing, and the next key would replace it.
    const input = dialog.querySelector<HTMLInputElement>('#search-input');
    input?.focus();
    input?.select();
    warmSearchEngine(); // the engine and the dialog's code load side by side
    import('./search')
      .then((m) => m.attachSearch(dialog))
      .catch(() => {
        // The search code itself did not load (offline, or a redeploy replaced its chunk).
        const status = document.getElementById('search-status');
        if (status) status.textContent = '搜索未能加载：请检查网络后刷新页面。';
      });
  };
  // A pointer over (or focus on) the search button is intent: load the engine before the click.
  for (const el of document.querySelectorAll('#search-btn, [data-open-search]')) {
    el.addEventListener('click', openSearch);
    el.addEventListener('pointerenter', warmSearchEngine, { once: true });
    el.addEventListener('focus', warmSearchEngine, { once: true });
  }
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('drawer-open')) {
      setDrawer(false, true);
      return;
    }
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if ((e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      openSearch();
    } else if (e.key === '/' && !typing && !e.isComposing) {
      e.preventDefault();
      openSearch();
    }
  });
  root.dataset.chrome = ''; // handlers attached (the e2e tests wait for this before pressing keys)

  // Offline reading: the service worker is registered once the page has loaded (not in astro dev,
  // which has no sw.js).
  if (!import.meta.env.DEV) {
    // When the browser is idle after load: the precache downloads in the background and must not
    // compete with the page's own first requests.
    const register = () => void import('./offline').then((m) => m.initOffline(withBase('sw.js'), base));
    const start = () =>
      'requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 500);
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
  }
}

/**
 * The side table of contents marks the section being read: the last heading it lists whose top
 * has scrolled above a line near the top of the window (aria-current="location").
 */
function markTocSection(): void {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.toc:not(.toc-inline) a[href^="#"]')];
  const targets = links
    .map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))))
    .filter((el): el is HTMLElement => el !== null);
  if (targets.length === 0) return;
  // A heading that opens a skipped section (content-visibility: auto, src/plugins/rehype-sections.ts)
  // is measured through its section, whose top is the heading's: asking for the heading's own box
  // would make the browser style and lay out every skipped section at load (a 200 ms task on RoPE
  // at phone speed, which is what the skipping is there to avoid).
  const probe = (el: HTMLElement): Element => {
    const unit = el.parentElement;
    return unit?.classList.contains('cv') && unit.firstElementChild === el ? unit : el;
  };
  const boxes = targets.map(probe);
  let current: HTMLAnchorElement | undefined;
  const update = () => {
    const line = 120; // px below the top of the window, below the sticky header
    let index = 0;
    boxes.forEach((el, i) => {
      if (el.getBoundingClientRect().top <= line) index = i;
    });
    const next = links.find((a) => a.hash.slice(1) === encodeURIComponent(targets[index]!.id)) ?? links[index];
    if (next === current) return;
    current?.removeAttribute('aria-current');
    next?.setAttribute('aria-current', 'location');
    current = next;
  };
  // One observer per heading crossing the line keeps this off the scroll path.
  const observer = new IntersectionObserver(update, { rootMargin: '-120px 0px 0px 0px', threshold: [0, 1] });
  for (const el of boxes) observer.observe(el);
  update();
}
