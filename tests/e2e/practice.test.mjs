// The practice page in Debian's Chromium (playwright-core), against the built site: a session by
// keyboard and by tap, progress across a reload, export / clear / import, a refused import, the
// 待复习 mark on a question page, corrupt data set aside, no network once visited, axe.
// Run after `npm run build`: node --test tests/e2e/practice.test.mjs
// Every wait is on DOM or storage state, never a fixed sleep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { recordProblems, useSite } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const KEY = 'bagu-practice';
const site = useSite({ before, after });

/** A fresh browser context (empty storage) on `path`; records console errors and failed requests. */
async function open(path, options = {}) {
  const context = await site.browser.newContext({ acceptDownloads: true, serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  const problems = recordProblems(page);
  await goto(page, path);
  return { page, context, problems };
}

/** Navigates and waits until the page's practice script has run. */
async function goto(page, path) {
  await page.goto(site.url + path, { waitUntil: 'load' });
  if (path.startsWith('/practice/')) await page.waitForSelector('#practice[data-ready]', { state: 'attached' });
}

const stored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const state = (page) => page.$eval('#practice', (el) => el.dataset.state);
const counter = (page) => page.textContent('#practice-counter');
/** The slug of the card on show. */
const shown = (page) => page.$eval('.card:not([hidden])', (el) => el.dataset.slug);
const waitState = (page, s) => page.waitForFunction((s) => document.getElementById('practice')?.dataset.state === s, s);

async function axe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(() =>
    axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(' | ')}`);
}

test('nothing below the card moves when the script shows it (room kept for the counts, counter, a card and its button)', async () => {
  for (const viewport of [
    { width: 360, height: 800 },
    { width: 1280, height: 900 },
  ]) {
    const context = await site.browser.newContext({ viewport, serviceWorkers: 'block' });
    const page = await context.newPage();
    const layout = () =>
      page.evaluate(() => {
        const box = (el) => el.getBoundingClientRect();
        return {
          modes: [...document.querySelectorAll('.mode, .section-pick')].map((el) => [
            box(el).x,
            box(el).y,
            box(el).width,
          ]),
          deck: box(document.querySelector('.deck')).height,
          controlsTop:
            box(document.getElementById('practice-controls')).top - box(document.querySelector('.deck')).bottom,
          dataTop: box(document.querySelector('.data')).top,
        };
      });
    // Before the script: every script file is held back (the page as it first paints on a slow phone).
    await page.route(/\.js(\?|$)/, (route) => route.abort());
    await page.goto(site.url + '/practice/', { waitUntil: 'load' });
    const before = await layout();
    await page.unroute(/\.js(\?|$)/);
    await goto(page, '/practice/');
    const after = await layout();
    assert.deepEqual(after.modes, before.modes, `mode buttons moved at ${viewport.width} px`);
    assert.equal(after.controlsTop, before.controlsTop, `the controls moved against the deck at ${viewport.width} px`);
    // The only growth allowed is the shown question's own lines beyond the one line kept for it.
    assert.ok(
      after.deck >= before.deck,
      `the card (${after.deck} px) is smaller than the room kept (${before.deck} px)`,
    );
    assert.equal(Math.round(after.dataTop - before.dataTop), Math.round(after.deck - before.deck));
    await context.close();
  }
});

test('a session: Space reveals, 1-4 grade, arrows move, buttons too; the state survives a reload', async () => {
  const { page, context, problems } = await open('/practice/');
  const total = await page.$$eval('.card', (els) => els.length);
  assert.ok(total >= 30, `only ${total} cards`);
  // No progress yet: the 新卡片 queue, in reading order, starting with the first question.
  assert.equal(await page.$eval('input[value="new"]', (el) => el.checked), true);
  assert.equal(await counter(page), `第 1 / ${total} 张`);
  assert.equal(await state(page), 'front');
  const first = await shown(page);
  assert.equal(await page.isVisible('.card:not([hidden]) .card-back'), false, 'the answer shows before Space');

  await page.keyboard.press(' ');
  await waitState(page, 'revealed');
  assert.equal(await page.isVisible('.card:not([hidden]) .card-summary'), true);
  const links = await page.$$eval('.card:not([hidden]) .card-links a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, [`/q/${first}/`, `/q/${first}/#面试追问`]);
  for (const g of ['1', '2', '3', '4'])
    assert.match(await page.textContent(`[data-grade="${g}"] .hint`), /\d+(\.\d+)? (分钟|小时|天|个月|年)/);

  await page.keyboard.press('3'); // 记得
  await waitState(page, 'front');
  assert.equal(await counter(page), `第 1 / ${total - 1} 张`);
  assert.match(await page.textContent('#practice-live'), /记为记得，\d+ 分钟后再复习/);
  const second = await shown(page);
  assert.notEqual(second, first);

  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((s) => document.querySelector('.card:not([hidden])')?.dataset.slug !== s, second);
  assert.equal(await counter(page), `第 2 / ${total - 1} 张`);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((s) => document.querySelector('.card:not([hidden])')?.dataset.slug === s, second);

  // By tap: 显示答案, then 熟练; Z undoes it, the tap again.
  const beforeTap = await stored(page);
  await page.click('#practice-reveal');
  await waitState(page, 'revealed');
  await page.click('[data-grade="4"]');
  await waitState(page, 'front');
  assert.equal(await counter(page), `第 1 / ${total - 2} 张`);
  await page.keyboard.press('z');
  await page.waitForFunction((s) => document.querySelector('.card:not([hidden])')?.dataset.slug === s, second);
  assert.equal(await counter(page), `第 1 / ${total - 1} 张`);
  assert.equal(
    await stored(page).then((v) => JSON.stringify(JSON.parse(v).cards)),
    JSON.stringify(JSON.parse(beforeTap).cards),
  );
  assert.match(await page.textContent('#practice-live'), /已撤销/);
  await page.click('#practice-reveal');
  await waitState(page, 'revealed');
  await page.click('[data-grade="4"]');
  await waitState(page, 'front');
  assert.equal(await counter(page), `第 1 / ${total - 2} 张`);

  const before = JSON.parse(await stored(page));
  assert.deepEqual(Object.keys(before.cards).sort(), [first, second].sort());
  assert.equal(before.cards[first].reps, 1);
  assert.equal(before.cards[second].due > before.cards[first].due, true, '熟练 schedules later than 记得');

  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('#practice[data-ready]', { state: 'attached' });
  assert.deepEqual(JSON.parse(await stored(page)), before);
  assert.equal(await page.textContent('[data-count="new"]'), String(total - 2));
  assert.equal(
    (await shown(page)) === first || (await shown(page)) === second,
    false,
    'graded cards left the new queue',
  );
  assert.match(
    await page.textContent('#practice-summary'),
    new RegExp(`共 ${total} 张：已学 2 · 到期 0 · 新 ${total - 2}`),
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test('export, clear, import: the progress comes back exactly', async () => {
  const { page, context, problems } = await open('/practice/');
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press(' ');
    await waitState(page, 'revealed');
    await page.keyboard.press(String(i + 2));
    await waitState(page, 'front');
  }
  const original = await stored(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#practice-export')]);
  assert.match(download.suggestedFilename(), /^bagu-practice-\d{4}-\d{2}-\d{2}\.json$/);
  const file = join(mkdtempSync(join(tmpdir(), 'practice-')), download.suggestedFilename());
  await download.saveAs(file);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), JSON.parse(original));

  page.once('dialog', (d) => d.accept());
  await page.click('#practice-clear');
  await page.waitForFunction((k) => JSON.parse(localStorage.getItem(k)).savedAt === 0, KEY);
  assert.deepEqual(JSON.parse(await stored(page)).cards, {});
  assert.match(await page.textContent('#practice-data-msg'), /已清除进度。清除前的进度另存在/);
  const asideKeys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('set-aside')));
  assert.equal(asideKeys.length, 1, 'clearing keeps a copy');

  await page.setInputFiles('#practice-import-file', file);
  await page.waitForFunction(() => document.getElementById('practice-data-msg')?.textContent.startsWith('已导入'));
  assert.equal(await stored(page), original, 'imported progress is byte for byte what was exported');
  assert.match(await page.textContent('#practice-data-msg'), /3 张卡片的进度，0 个待复习标记/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad import is refused with a message and nothing is lost', async () => {
  const { page, context, problems } = await open('/practice/');
  await page.keyboard.press(' ');
  await waitState(page, 'revealed');
  await page.keyboard.press('3');
  await waitState(page, 'front');
  const original = await stored(page);
  const dir = mkdtempSync(join(tmpdir(), 'practice-'));
  const cases = [
    ['notes.json', '{"theme":"dark"}', /没有导入「notes\.json」：不是本站的刷题进度.*当前进度没有改动。/],
    ['broken.json', '{"app":"bagu-practice","version":2,', /不是有效的 JSON/],
    [
      'tampered.json',
      JSON.stringify({ ...JSON.parse(original), cards: { rope: { due: 'soon' } } }),
      /卡片 rope 的数据有误/,
    ],
  ];
  for (const [name, text, message] of cases) {
    writeFileSync(join(dir, name), text);
    await page.setInputFiles('#practice-import-file', join(dir, name));
    await page.waitForFunction((n) => document.getElementById('practice-data-msg')?.textContent.includes(n), name);
    assert.match(await page.textContent('#practice-data-msg'), message);
    assert.equal(await page.getAttribute('#practice-data-msg', 'role'), 'alert');
    assert.equal(await stored(page), original, `${name} changed the progress`);
  }
  assert.equal(await page.textContent('[data-count="new"]'), String((await page.$$('.card')).length - 1));
  assert.deepEqual(problems, []);
  await context.close();
});

test('marking 待复习 on a question page puts it in the practice queue; the page shows its state', async () => {
  const { page, context, problems } = await open('/q/rope/');
  const btn = page.locator('review-mark button');
  await page.waitForSelector('review-mark[data-ready]');
  assert.equal(await btn.getAttribute('aria-pressed'), 'false');
  assert.match(await page.textContent('review-mark .rm-status'), /新卡片/);
  const box = await btn.boundingBox();
  assert.ok(box.height >= 44, `待复习 button is ${box.height}px tall`);
  await btn.click();
  await page.waitForFunction(
    () => document.querySelector('review-mark button')?.getAttribute('aria-pressed') === 'true',
  );
  assert.match(await page.textContent('review-mark .rm-status'), /已加入待复习/);

  await goto(page, '/practice/?mode=marked');
  assert.equal(await page.$eval('input[value="marked"]', (el) => el.checked), true);
  assert.equal(await counter(page), '第 1 / 1 张');
  assert.equal(await shown(page), 'rope');
  await page.keyboard.press(' ');
  await waitState(page, 'revealed');
  await page.keyboard.press('3'); // grading a marked card clears its mark
  await waitState(page, 'empty');
  assert.match(await page.textContent('#practice-empty'), /没有标记为待复习的题目/);

  await goto(page, '/q/rope/');
  await page.waitForSelector('review-mark[data-ready]');
  assert.equal(await btn.getAttribute('aria-pressed'), 'false');
  assert.match(await page.textContent('review-mark .rm-status'), /后复习/);
  // the home page's section progress counts it as learned
  await page.goto(site.url + '/');
  await page.waitForSelector('practice-progress[data-ready]');
  const position = await page.textContent('#sec-position ~ practice-progress .pp-counts');
  assert.match(position, /^已学 1 · 到期 0 · 新 \d+$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('corrupt data is set aside under its own key, reported, and practice goes on', async () => {
  const context = await site.browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('bagu-practice', '{"app":"bagu-practice","version":2,"cards":{"rope":');
      sessionStorage.setItem('seeded', '1');
    }
  });
  const page = await context.newPage();
  await goto(page, '/practice/');
  const report = await page.textContent('#practice-report');
  assert.equal(await page.isVisible('#practice-report'), true);
  assert.match(report, /无法读取（不是有效的 JSON），已原样另存到 localStorage 的「bagu-practice:set-aside:/);
  const aside = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('bagu-practice:set-aside:'))
      .map((k) => localStorage.getItem(k)),
  );
  assert.deepEqual(aside, ['{"app":"bagu-practice","version":2,"cards":{"rope":']);
  // listed under 进度数据 with a download
  assert.equal(await page.isVisible('#practice-aside-box'), true);
  assert.match(await page.textContent('#practice-aside li code'), /^bagu-practice:set-aside:/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#practice-aside li button')]);
  const file = join(mkdtempSync(join(tmpdir(), 'practice-')), 'aside.json');
  await download.saveAs(file);
  assert.equal(readFileSync(file, 'utf8'), aside[0]);
  await page.click('#practice-mode-new'); // a clicked mode radio keeps focus: Space still reveals
  await page.keyboard.press(' ');
  await waitState(page, 'revealed');
  await page.keyboard.press('1');
  await waitState(page, 'front');
  assert.equal(Object.keys(JSON.parse(await stored(page)).cards).length, 1);
  await context.close();
});

test('axe passes with a card revealed, light and dark, desktop and 390 px; tap targets are 44 px', async () => {
  for (const [colorScheme, viewport] of [
    ['light', { width: 1280, height: 900 }],
    ['dark', { width: 390, height: 844 }],
  ]) {
    const mobile = viewport.width < 500;
    const { page, context, problems } = await open('/practice/', {
      colorScheme,
      viewport,
      isMobile: mobile,
      hasTouch: mobile,
    });
    assert.deepEqual(await axe(page), [], `axe on the front (${colorScheme})`);
    await page.click('#practice-reveal');
    await waitState(page, 'revealed');
    assert.deepEqual(await axe(page), [], `axe on the back (${colorScheme})`);
    const small = await page.$$eval(
      '#practice button, #practice select, #practice .mode > span, #practice .card-links a',
      (els) =>
        els
          .filter((el) => el.getClientRects().length > 0)
          .map((el) => [el.id || el.textContent.trim(), el.getBoundingClientRect()])
          .filter(([, r]) => r.height < 44 || r.width < 44)
          .map(([n, r]) => `${n}: ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    assert.deepEqual(small, [], 'tap targets under 44 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
