// End-to-end checks of the built site in Debian's Chromium (playwright-core), served on 127.0.0.1.
// Run after `npm run build`: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { recordProblems, useSite } from './browser.mjs';
import { loadQueries, slugsWithQueries } from '../search/queries.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const SHOTS = 'test-results/screenshots';

/** Every built page as a URL path. */
function sitePages(dir = 'dist') {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) {
        if (n !== 'pagefind' && n !== '_astro') walk(p);
      } else if (n.endsWith('.html')) out.push('/' + relative(dir, p).replace(/index\.html$/, ''));
    }
  };
  walk(dir);
  return out.sort();
}

const site = useSite({ before, after });

/** Opens a page and records console errors, failed requests and requests to other origins. */
async function open(path, options = {}) {
  const context = await site.browser.newContext({ serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  const problems = recordProblems(page);
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(site.origin) && !u.startsWith('data:') && !u.startsWith('blob:'))
      problems.push(`request to another origin: ${u}`);
  });
  page.on('response', (r) => {
    // /404.html is expected to answer with its own status when loaded as the 404 page.
    if (r.status() >= 400 && !(path === '/404.html' && r.url().endsWith('/404.html')))
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(site.url + path, { waitUntil: 'networkidle' });
  // The header script has attached its handlers (keys pressed before that go nowhere).
  await page.waitForSelector('html[data-chrome]', { state: 'attached' });
  return { page, context, problems };
}

/**
 * Opens the search dialog with a key (`/`, `Control+k`) or the header button and waits for it; on a
 * timeout the error says what the page showed instead.
 */
async function openSearch(page, how) {
  if (how === 'button') await page.click('#search-btn');
  else await page.keyboard.press(how);
  try {
    await page.waitForSelector('#search-dialog[open]', { timeout: 10_000 });
  } catch (err) {
    const seen = await page.evaluate(() => ({
      chrome: document.documentElement.dataset.chrome,
      open: document.getElementById('search-dialog')?.open,
      active: document.activeElement?.tagName,
      readyState: document.readyState,
    }));
    throw new Error(`search did not open with ${how}: ${JSON.stringify(seen)}`, { cause: err });
  }
}

/**
 * Types `query` into the open search box and waits until the results (or the message) for what the
 * box then holds, `shown`, are on screen; on a timeout the error says what the dialog showed instead.
 */
async function searchFor(page, query, shown = query) {
  await page.type('#search-input', query);
  try {
    await page.waitForFunction((q) => document.getElementById('search-results')?.dataset.done === q, shown, {
      timeout: 20_000,
    });
  } catch (err) {
    const seen = await page.evaluate(() => {
      const list = document.getElementById('search-results');
      return {
        open: document.getElementById('search-dialog')?.open,
        input: document.getElementById('search-input')?.value,
        status: document.getElementById('search-status')?.textContent,
        asked: list?.dataset.query, // the last query run() started
        first: list?.dataset.first, // the last query whose first result was drawn
        done: list?.dataset.done,
        pending: list?.querySelectorAll('.excerpt-pending').length, // fragments not yet in
      };
    });
    throw new Error(`search for ${JSON.stringify(shown)} did not finish: ${JSON.stringify(seen)}`, { cause: err });
  }
}

async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() =>
    axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  );
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
}

const pages = sitePages();
const questionPages = pages.filter((p) => /^\/q\/[^/]+\/$/.test(p)); // not the /q/ index

test('the site has the expected pages', () => {
  for (const p of [
    '/',
    '/errata/',
    '/references/',
    '/practice/',
    '/404.html',
    '/q/rope/',
    '/q/rmsnorm/',
    '/q/repetition/',
  ]) {
    assert.ok(pages.includes(p), `missing ${p}; built: ${pages.join(', ')}`);
  }
});

/**
 * Which themes axe checks a page in. Question pages differ in content, so each is checked (in the
 * light theme); every other page comes from a template whose content barely varies, so one page
 * per template is checked in both themes and the rest only load cleanly. The static checks over
 * dist/ (tests/dist) cover markup on every page without a browser.
 */
const TEMPLATES = [
  /^\/$/,
  /^\/q\/$/,
  /^\/s\/$/,
  /^\/s\/[^/]+\/$/,
  /^\/errata\/$/,
  /^\/references\/$/,
  /^\/practice\/$/,
  /^\/code\/$/,
  /^\/code\/.+/,
  /^\/404\.html$/,
];
const firstOfTemplate = new Set(TEMPLATES.map((re) => pages.find((p) => re.test(p))).filter(Boolean));
const axeThemes = (path) =>
  firstOfTemplate.has(path) ? ['light', 'dark'] : questionPages.includes(path) ? ['light'] : [];

/**
 * Sections off screen are not laid out (content-visibility: auto) and stand at the height
 * src/plugins/rehype-sections.ts estimated until first shown: the page's height at load must be
 * near its height with everything rendered, or the scrollbar and the table of contents jump.
 */
async function assertHeightEstimate(page, path) {
  const { atLoad, rendered, worst } = await page.evaluate(async () => {
    const units = [...document.querySelectorAll('.cv')];
    const guessed = units.map((u) => u.getBoundingClientRect().height);
    const atLoad = document.documentElement.scrollHeight;
    const style = document.createElement('style');
    style.textContent = '.cv { content-visibility: visible !important; }';
    document.head.append(style);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const real = units.map((u) => u.getBoundingClientRect().height);
    const rendered = document.documentElement.scrollHeight;
    style.remove();
    const off = units
      .map((u, i) => ({ heading: u.querySelector('h2, h3')?.textContent, guessed: guessed[i], real: real[i] }))
      .sort((a, b) => Math.abs(b.guessed - b.real) - Math.abs(a.guessed - a.real));
    return { atLoad, rendered, worst: off.slice(0, 3) };
  });
  const ratio = atLoad / rendered;
  assert.ok(
    ratio > 0.8 && ratio < 1.2,
    `${path}: height at load ${atLoad} px vs ${rendered} px rendered (${ratio.toFixed(2)}); furthest off: ${JSON.stringify(worst)}`,
  );
}

// The browser opens each question page and one page of every other template (their markup is
// checked on every page by tests/dist without a browser): console errors, failed requests, axe;
// on question pages, the height estimate of the skipped sections.
for (const path of pages.filter((p) => axeThemes(p).length > 0)) {
  const themes = axeThemes(path);
  test(`page ${path}: loads with no console error or failed request; axe passes in ${themes.join(' and ')}`, async () => {
    for (const colorScheme of themes) {
      const { page, context, problems } = await open(path, { colorScheme });
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), colorScheme);
      assert.deepEqual(problems, []);
      assert.deepEqual(await axe(page), [], `axe violations on ${path} (${colorScheme})`);
      if (questionPages.includes(path)) await assertHeightEstimate(page, path);
      await context.close();
    }
  });
}

test('dark mode toggle persists across a reload and overrides the system', async () => {
  const { page, context } = await open('/q/rope/', { colorScheme: 'light' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.click('#theme-btn');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.getAttribute('#theme-btn', 'aria-pressed'), 'true');
  await page.reload({ waitUntil: 'networkidle' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await context.close();
});

test('mobile: the navigation drawer opens, shows the current page and closes with Escape', async () => {
  const { page, context } = await open('/q/rmsnorm/', {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const current = page.locator('#sidebar a[aria-current="page"]');
  assert.equal(await current.isVisible(), false);
  await page.click('#menu-btn');
  await page.waitForFunction(() => document.body.classList.contains('drawer-open'));
  await current.waitFor({ state: 'visible' });
  assert.equal(await page.getAttribute('#menu-btn', 'aria-expanded'), 'true');
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('aria-current')),
    'page',
    'the drawer focuses the current page, not the first link',
  );
  // the slide-in transition has finished (axe would otherwise see a half-drawn drawer)
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));
  assert.deepEqual(await axe(page), []);
  assert.equal(
    await page.evaluate(() => document.querySelector('main').inert),
    true,
    'page behind the drawer stays reachable',
  );
  const sidebarScrolls = await page.$eval('#sidebar', (el) => getComputedStyle(el).overflowY);
  assert.equal(sidebarScrolls, 'auto');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#menu-btn', 'aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'menu-btn');
  assert.equal(await page.evaluate(() => document.querySelector('main').inert), false);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 390px`);
  await context.close();
});

/**
 * The query set (tests/search/queries/*.yaml, one file per page, growing with the content) typed
 * through the real dialog: at least 95 % of the `first` queries put their page first, every query
 * finds its page in the top 3, and the `none` queries find nothing. Misses are printed.
 */
const QUERY_CASES = loadQueries();
const FIRST_PRECISION = 0.95;

test('search: the query set finds its pages (first >= 95 %, top 3 = 100 %, nonsense finds nothing)', async () => {
  const { page, context, problems } = await open('/');
  const loadedBefore = await page.evaluate(() =>
    performance.getEntriesByType('resource').some((r) => r.name.includes('pagefind')),
  );
  assert.equal(loadedBefore, false, 'Pagefind loaded before search was opened');
  // Every question page has queries: a new page without a query file fails here.
  const slugs = new Set(slugsWithQueries());
  const pages = readdirSync('content/questions').map((f) => f.replace(/\.mdx$/, ''));
  assert.deepEqual(
    pages.filter((p) => !slugs.has(p)),
    [],
    'question pages without tests/search/queries/<slug>.yaml',
  );
  await openSearch(page, '/');
  const misses = [];
  let firstHits = 0;
  let firstTotal = 0;
  for (const { query, page: expected, rank } of QUERY_CASES) {
    await page.fill('#search-input', '');
    await searchFor(page, query);
    const found = await page.$$eval('#search-results > li a.result-title', (as) =>
      as.map((a) => new URL(a.href).pathname),
    );
    if (rank === 'none') {
      if (found.length > 0) misses.push(`none  ${query}: found ${found.slice(0, 3).join(' ')}`);
      continue;
    }
    if (!found.slice(0, 3).includes(expected))
      misses.push(`top3  ${query} -> ${expected}: ${found.slice(0, 3).join(' ') || '(nothing)'}`);
    if (rank === 'first') {
      firstTotal++;
      if (found[0] === expected) firstHits++;
      else misses.push(`first ${query} -> ${expected}: ${found.slice(0, 3).join(' ')}`);
    }
    if (found.length > 0) {
      // The first result shows why it matched: a highlight in its excerpt or among its names.
      const marked = await page.$eval(
        '#search-results > li',
        (li) => li.querySelectorAll(':scope > .excerpt mark').length,
      );
      if (marked === 0) misses.push(`mark  ${query}: the first result highlights nothing`);
      // Formulas are indexed once, as rendered text: no TeX source leaks into excerpts.
      const tex = await page.$$eval('#search-results .excerpt', (ps) =>
        ps.map((p) => p.textContent).filter((t) => /\\[a-zA-Z]+/.test(t)),
      );
      if (tex.length > 0) misses.push(`tex   ${query}: TeX source in excerpts`);
    }
  }
  const precision = firstHits / firstTotal;
  console.log(
    `search: ${QUERY_CASES.length} queries, first ${firstHits}/${firstTotal} (${(100 * precision).toFixed(1)} %)` +
      (misses.length ? `\n  ${misses.join('\n  ')}` : ''),
  );
  assert.ok(precision >= FIRST_PRECISION, `first-result precision ${(100 * precision).toFixed(1)} % < 95 %`);
  assert.deepEqual(
    misses.filter((m) => !m.startsWith('first')),
    [],
    'queries that missed the top 3, found something for nonsense, or showed bad excerpts',
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('search: Ctrl+K reopens it with the last query selected, typing replaces it, Enter follows the first result', async () => {
  const { page, context, problems } = await open('/');
  await openSearch(page, '/');
  await searchFor(page, 'KV cache');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('search-dialog').open);
  // Typed at once after the shortcut, with no clearing first, as a reader would.
  await page.keyboard.press('Control+k');
  await page.keyboard.insertText('均');
  assert.equal(await page.inputValue('#search-input'), '均', 'the first key after reopening replaces the last query');
  await searchFor(page, '方根', '均方根');
  await Promise.all([page.waitForURL('**/q/rmsnorm/**'), page.keyboard.press('Enter')]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('search: nonsense finds nothing; a result on the current page closes the dialog', async () => {
  const { page, context, problems } = await open('/q/rope/');
  await openSearch(page, 'button'); // the other tests open it with / and Ctrl+K
  await searchFor(page, 'qwxzzkj');
  assert.match(await page.textContent('#search-status'), /没有找到/);
  assert.equal(await page.$$eval('#search-results > li', (l) => l.length), 0);
  await page.fill('#search-input', '');
  await searchFor(page, 'rotate_half');
  assert.match(await page.textContent('#search-status'), /找到 \d/);
  const link = page.locator('#search-results a[href^="/q/rope/#"]').first();
  await link.click();
  await page.waitForFunction(() => !document.getElementById('search-dialog').open);
  assert.match(new URL(page.url()).hash, /^#.+/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('search: an exact page name shows that page at once, and it stays when the index cannot load', async () => {
  const { page, context, problems } = await open('/q/rmsnorm/');
  // Pagefind's engine is cut off; the names table (pagefind/names.json) still loads.
  await page.route(/\/pagefind\/pagefind\.js/, (route) => route.abort());
  await openSearch(page, '/');
  await searchFor(page, '旋转位置编码');
  assert.equal(await page.getAttribute('#search-results > li:first-child a.result-title', 'href'), '/q/rope/');
  assert.match(await page.textContent('#search-status'), /只找到名称相符的页面/);
  assert.equal(await page.$$eval('#search-results .excerpt-pending', (l) => l.length), 0);
  // A query that is no page's name has nothing to show without the index, and says why.
  await page.fill('#search-input', '');
  await searchFor(page, '外推的代价');
  assert.equal(await page.$$eval('#search-results > li', (l) => l.length), 0);
  assert.match(await page.textContent('#search-status'), /搜索索引未能加载/);
  // The only problems are the requests cut off here.
  assert.deepEqual(
    problems.filter((p) => !/pagefind\.js|Failed to load resource: net::ERR_FAILED/.test(p)),
    [],
  );
  await context.close();
});

test('search open with results is axe clean (the close button is named by what it shows)', async () => {
  const { page, context } = await open('/q/rope/');
  await openSearch(page, '/');
  await searchFor(page, 'RoPE');
  assert.deepEqual(await axe(page), []);
  // One Escape closes it (a search field's own Escape would only clear the text).
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('search-dialog').open);
  await context.close();
});

test('the side table of contents marks the section being read', async () => {
  const { page, context } = await open('/q/rope/', { viewport: { width: 1400, height: 900 } });
  const links = page.locator('.toc:not(.toc-inline) a[href^="#"]');
  const target = await links.nth(3).getAttribute('href');
  // The heading opens a skipped section, which the marker measures through the section (chrome.ts).
  assert.ok(
    await page.evaluate(
      (id) => document.getElementById(decodeURIComponent(id.slice(1))).parentElement.matches('.cv'),
      target,
    ),
    `${target} is not the first heading of a skipped section`,
  );
  await page.evaluate((id) => document.getElementById(decodeURIComponent(id.slice(1))).scrollIntoView(), target);
  await page.waitForFunction(
    (href) => document.querySelector(`.toc:not(.toc-inline) a[aria-current="location"]`)?.getAttribute('href') === href,
    target,
  );
  assert.equal(await page.locator('.toc:not(.toc-inline) a[aria-current]').count(), 1);
  await context.close();
});

test('focusing a header control does not scroll the page', async () => {
  const { page, context } = await open('/q/rope/');
  // Sections coming into view are laid out at their real height, and scroll anchoring then moves
  // scrollY to keep what is on screen in place: wait for that before taking the position.
  await page.evaluate(() => window.scrollTo(0, 3000));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const before = await page.evaluate(() => Math.round(window.scrollY));
  await page.focus('#theme-btn');
  assert.equal(await page.evaluate(() => Math.round(window.scrollY)), before);
  await context.close();
});

test('search: half-composed pinyin from an IME does not search', async () => {
  const { page, context } = await open('/');
  await page.click('#search-btn');
  await page.waitForSelector('#search-dialog[open]');
  const cdp = await context.newCDPSession(page);
  await page.focus('#search-input');
  // Record every query the dialog asks for (it sets data-query on the list before searching).
  await page.evaluate(() => {
    window.__queries = [];
    const list = document.getElementById('search-results');
    new MutationObserver(() => window.__queries.push(list.dataset.query)).observe(list, {
      attributeFilter: ['data-query'],
    });
  });
  // 'rope' would match a page at once if composing text were searched.
  await cdp.send('Input.imeSetComposition', { text: 'rope', selectionStart: 4, selectionEnd: 4 });
  await cdp.send('Input.insertText', { text: '复读机' });
  await page.waitForFunction(() => document.getElementById('search-status')?.textContent?.includes('找到'));
  assert.deepEqual(await page.evaluate(() => window.__queries), ['复读机'], 'searched on composing text');
  const first = await page.$eval('#search-results > li a.result-title', (a) => new URL(a.href).pathname);
  assert.equal(first, '/q/repetition/');
  await context.close();
});

test('screenshots of a question page: light, dark, 390 px', async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const [name, opts] of [
    ['rope-light', { colorScheme: 'light', viewport: { width: 1280, height: 900 } }],
    ['rope-dark', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }],
    ['rope-390', { colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 }],
  ]) {
    const { page, context } = await open('/q/rope/', opts);
    // Sections off screen are skipped (content-visibility: auto) and a full-page capture would show
    // them blank: render them all, as scrolling would, for a picture of the whole page.
    await page.addStyleTag({ content: '.cv { content-visibility: visible !important; }' });
    // Two frames for the page to reach its full height: captured earlier, its tiles repeat.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    await context.close();
  }
});
