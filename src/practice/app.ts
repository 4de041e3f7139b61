/**
 * The practice page's script: picks the cards of a mode, reveals and grades them, keeps the
 * progress (storage.ts) and exports / imports it. The cards themselves are server-rendered
 * (src/pages/practice.astro) and only shown or hidden here.
 */
import { counts, interval, queue, statusText, type DeckCard, type Mode } from './deck.ts';
import { GRADES, grade, preview } from './schedule.ts';
import {
  PROGRESS_KEY,
  SET_ASIDE_PREFIX,
  emptyProgress,
  load,
  parseProgressText,
  save,
  update,
  type Progress,
  type StoredCard,
} from './storage.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const MODES: readonly Mode[] = ['due', 'new', 'section', 'marked'];
const MODE_EMPTY: Record<Mode, string> = {
  due: '没有到期的卡片。',
  new: '没有新卡片了：每道题都至少练过一次。',
  section: '这一节没有卡片。',
  marked: '没有标记为待复习的题目。在题目页点「待复习」，它就会出现在这里。',
};

export function initPractice(root: HTMLElement): void {
  const cards = new Map<string, HTMLElement>();
  for (const el of root.querySelectorAll<HTMLElement>('.card[data-slug]')) cards.set(el.dataset.slug!, el);
  const deck: DeckCard[] = [...cards.values()].map((el) => ({ slug: el.dataset.slug!, section: el.dataset.section! }));

  const report = $('practice-report');
  const live = $('practice-live');
  const counter = $('practice-counter');
  const empty = $('practice-empty');
  const revealBtn = $<HTMLButtonElement>('practice-reveal');
  const grades = $('practice-grades');
  const prevBtn = $<HTMLButtonElement>('practice-prev');
  const nextBtn = $<HTMLButtonElement>('practice-next');
  const sectionSelect = $<HTMLSelectElement>('practice-section');
  const dataMsg = $('practice-data-msg');
  const controls = $('practice-controls');

  const loaded = load();
  let progress: Progress = loaded.progress;
  const notes: string[] = [];
  if (loaded.setAside)
    notes.push(
      `保存在本机的刷题进度无法读取（${loaded.setAside.reason}），已原样另存到 localStorage 的「${loaded.setAside.key}」，没有删除；现在从空白进度开始。`,
    );
  if (loaded.unavailable) notes.push('这个浏览器不允许本站使用 localStorage（例如隐私模式）：进度只保留到关闭页面。');
  if (notes.length) {
    report.textContent = notes.join(' ');
    report.hidden = false;
  }

  const params = new URLSearchParams(location.search);
  const sectionParam = params.get('section');
  if (sectionParam && [...sectionSelect.options].some((o) => o.value === sectionParam))
    sectionSelect.value = sectionParam;
  const modeParam = params.get('mode') as Mode | null;
  let mode: Mode =
    modeParam && MODES.includes(modeParam)
      ? modeParam
      : sectionParam
        ? 'section'
        : queue(deck, progress, 'due', Date.now()).length
          ? 'due'
          : 'new';
  let slugs: string[] = [];
  let pos = 0;
  let revealed = false;
  let recheck: ReturnType<typeof setTimeout> | undefined;
  /** What the last grade replaced, for 撤销. */
  let undo:
    | { slug: string; card: StoredCard | undefined; marked: number | undefined; slugs: string[]; pos: number }
    | undefined;
  const undoBtn = $<HTMLButtonElement>('practice-undo');

  const current = () => slugs[pos];

  function refreshCounts(now = Date.now()): void {
    for (const m of MODES) {
      const el = root.querySelector<HTMLElement>(`[data-count="${m}"]`);
      if (el) el.textContent = String(queue(deck, progress, m, now, sectionSelect.value).length);
    }
    const c = counts(
      deck.map((d) => d.slug),
      progress,
      now,
    );
    $('practice-summary').textContent = `共 ${deck.length} 张：已学 ${c.learned} · 到期 ${c.due} · 新 ${c.new}`;
  }

  function start(m: Mode, focus = false): void {
    mode = m;
    undo = undefined;
    for (const input of root.querySelectorAll<HTMLInputElement>('input[name="practice-mode"]'))
      input.checked = input.value === m;
    slugs = queue(deck, progress, m, Date.now(), sectionSelect.value);
    pos = 0;
    revealed = false;
    render(focus);
    const url = new URL(location.href);
    url.search = m === 'section' ? `?section=${sectionSelect.value}` : m === 'due' ? '' : `?mode=${m}`;
    history.replaceState(null, '', url);
  }

  function render(focus = false): void {
    const now = Date.now();
    refreshCounts(now);
    const slug = current();
    for (const [s, el] of cards) {
      el.hidden = s !== slug;
      el.querySelector<HTMLElement>('.card-back')!.hidden = !(s === slug && revealed);
    }
    const has = slug !== undefined;
    empty.hidden = has;
    revealBtn.hidden = !has || revealed;
    grades.hidden = !has || !revealed;
    controls.hidden = !has && !undo;
    counter.hidden = !has;
    prevBtn.disabled = !has || pos === 0;
    nextBtn.disabled = !has || pos >= slugs.length - 1;
    root.dataset.state = has ? (revealed ? 'revealed' : 'front') : 'empty';
    undoBtn.hidden = !undo;
    if (!has) {
      counter.textContent = '0 张';
      const upcoming = Object.entries(progress.cards)
        .filter(([s, c]) => cards.has(s) && c.due > now)
        .sort((a, b) => a[1].due - b[1].due)[0];
      const fresh = queue(deck, progress, 'new', now).length;
      empty.querySelector('p')!.textContent =
        MODE_EMPTY[mode] +
        (mode === 'due' && upcoming ? `下一张在 ${interval(upcoming[1].due, now)}后到期。` : '') +
        (mode !== 'new' && fresh ? `还有 ${fresh} 张新卡片，可以选「新卡片」来练。` : '');
      // Cards in their (re)learning steps fall due minutes from now: the 到期 queue picks them up then.
      clearTimeout(recheck);
      if (mode === 'due' && upcoming && upcoming[1].due - now < 3_600_000)
        recheck = setTimeout(
          () => {
            if (mode === 'due' && current() === undefined) start('due');
          },
          upcoming[1].due - now + 500,
        );
      if (focus) empty.focus();
      return;
    }
    counter.textContent = `第 ${pos + 1} / ${slugs.length} 张`;
    const el = cards.get(slug)!;
    el.querySelector('.card-status')!.textContent = statusText(progress.cards[slug], now);
    if (revealed) {
      const due = preview(progress.cards[slug], now);
      for (const g of GRADES) {
        const hint = grades.querySelector<HTMLElement>(`[data-grade="${g.key}"] .hint`)!;
        hint.textContent = interval(due[g.rating], now);
      }
    }
    if (focus)
      (revealed ? el.querySelector<HTMLElement>('.card-back')! : el.querySelector<HTMLElement>('.card-q')!).focus();
  }

  function reveal(): void {
    if (current() === undefined || revealed) return;
    revealed = true;
    render(true);
  }

  function move(by: number): void {
    const to = pos + by;
    if (current() === undefined || to < 0 || to >= slugs.length) return;
    pos = to;
    revealed = false;
    render(true);
    live.textContent = counter.textContent;
  }

  function gradeCurrent(key: string): void {
    const slug = current();
    const g = GRADES.find((x) => x.key === key);
    if (slug === undefined || !revealed || !g) return;
    const now = Date.now();
    undo = { slug, card: progress.cards[slug], marked: progress.marked[slug], slugs: [...slugs], pos };
    const result = update(
      (p) => {
        p.cards[slug] = grade(p.cards[slug], g.rating, now);
        delete p.marked[slug];
      },
      undefined,
      now,
    );
    progress = result.progress;
    slugs.splice(pos, 1);
    if (pos >= slugs.length) pos = Math.max(0, slugs.length - 1);
    revealed = false;
    render(true);
    const title = cards.get(slug)!.querySelector('.card-q')!.textContent;
    live.textContent =
      `「${title}」记为${g.label}，${interval(progress.cards[slug]!.due, now)}后再复习。` +
      (result.saved ? '' : '（进度没能保存到本机）') +
      (slugs.length ? `下一张：${counter.textContent}。` : MODE_EMPTY[mode]);
  }

  function undoLast(): void {
    if (!undo) return;
    const u = undo;
    undo = undefined;
    progress = update((p) => {
      if (u.card) p.cards[u.slug] = u.card;
      else delete p.cards[u.slug];
      if (u.marked !== undefined) p.marked[u.slug] = u.marked;
    }).progress;
    slugs = u.slugs;
    pos = u.pos;
    revealed = false;
    render(true);
    live.textContent = `已撤销对「${cards.get(u.slug)!.querySelector('.card-q')!.textContent}」的评分。`;
  }

  revealBtn.addEventListener('click', reveal);
  undoBtn.addEventListener('click', undoLast);
  prevBtn.addEventListener('click', () => move(-1));
  nextBtn.addEventListener('click', () => move(1));
  grades.addEventListener('click', (e) => {
    const btn = (e.target as HTMLElement).closest<HTMLElement>('[data-grade]');
    if (btn) gradeCurrent(btn.dataset.grade!);
  });
  for (const input of root.querySelectorAll<HTMLInputElement>('input[name="practice-mode"]'))
    input.addEventListener('change', () => start(input.value as Mode));
  sectionSelect.addEventListener('change', () => start('section'));

  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const t = e.target as HTMLElement;
    // A focused mode radio keeps its arrow keys; Space and digits do nothing there, so they are ours.
    const onRadio = t instanceof HTMLInputElement && t.type === 'radio';
    if (onRadio ? e.key.startsWith('Arrow') : t.closest('input, select, textarea, [contenteditable], dialog')) return;
    if (document.body.classList.contains('drawer-open')) return;
    if (e.key === ' ') {
      if (t.closest('button, a, summary') || revealed) return; // a focused control's own Space wins
      e.preventDefault();
      reveal();
    } else if (/^[1-4]$/.test(e.key) && revealed) {
      e.preventDefault();
      gradeCurrent(e.key);
    } else if (e.key === 'z' || e.key === 'u') {
      e.preventDefault();
      undoLast();
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      move(e.key === 'ArrowLeft' ? -1 : 1);
    }
  });

  // Another tab (a question page's 待复习 mark, a second practice tab) changed the progress.
  window.addEventListener('storage', (e) => {
    if (e.key !== PROGRESS_KEY) return;
    progress = load().progress;
    render();
  });

  // Export, import, clear.
  const say = (text: string, ok: boolean) => {
    dataMsg.textContent = text;
    dataMsg.dataset.kind = ok ? 'ok' : 'error';
    dataMsg.setAttribute('role', ok ? 'status' : 'alert');
  };
  const keepAside = (why: string): string | undefined => {
    if (!Object.keys(progress.cards).length && !Object.keys(progress.marked).length) return undefined;
    const key = `${SET_ASIDE_PREFIX}${new Date().toISOString()}`;
    try {
      localStorage.setItem(key, JSON.stringify(progress));
      queueMicrotask(listAside);
      return `${why}的进度另存在 localStorage 的「${key}」。`;
    } catch {
      return undefined;
    }
  };
  $('practice-export').addEventListener('click', () => {
    download(JSON.stringify(progress, null, 2) + '\n', `bagu-practice-${new Date().toISOString().slice(0, 10)}.json`);
    say(`已导出 ${Object.keys(progress.cards).length} 张卡片的进度。`, true);
  });
  const fileInput = $<HTMLInputElement>('practice-import-file');
  $('practice-import').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    const parsed =
      file.size > 5_000_000 ? ({ ok: false, reason: '文件太大' } as const) : parseProgressText(await file.text());
    if (!parsed.ok) {
      say(`没有导入「${file.name}」：${parsed.reason}。当前进度没有改动。`, false);
      return;
    }
    const aside = keepAside('导入前');
    progress = parsed.progress;
    const saved = save(progress);
    start(mode);
    say(
      `已导入「${file.name}」：${Object.keys(progress.cards).length} 张卡片的进度，${Object.keys(progress.marked).length} 个待复习标记。` +
        (aside ?? '') +
        (saved ? '' : '但没能保存到本机，关闭页面后会丢失。'),
      true,
    );
  });
  $('practice-clear').addEventListener('click', () => {
    if (!confirm('清除这台设备上的全部刷题进度和待复习标记？清除前的进度会另存一份在 localStorage。')) return;
    const aside = keepAside('清除前');
    progress = emptyProgress();
    save(progress);
    start(mode === 'section' ? 'section' : 'new');
    say(`已清除进度。${aside ?? ''}`, true);
  });

  // Data set aside earlier (here or by a question page's control): listed, downloadable, removable.
  const asideList = $('practice-aside');
  function listAside(): void {
    let keys: string[] = [];
    try {
      keys = Object.keys(localStorage)
        .filter((k) => k.startsWith(SET_ASIDE_PREFIX))
        .sort();
    } catch {
      // storage blocked: nothing to list
    }
    asideList.replaceChildren(
      ...keys.map((key) => {
        const li = document.createElement('li');
        const name = document.createElement('code');
        name.textContent = key;
        const get = document.createElement('button');
        get.type = 'button';
        get.className = 'btn';
        get.textContent = '下载';
        get.setAttribute('aria-label', `下载另存的数据 ${key}`);
        get.addEventListener('click', () =>
          download(localStorage.getItem(key) ?? '', `${key.replace(/[^\w-]+/g, '-')}.json`),
        );
        const del = document.createElement('button');
        del.type = 'button';
        del.className = 'btn danger';
        del.textContent = '删除';
        del.setAttribute('aria-label', `删除另存的数据 ${key}`);
        del.addEventListener('click', () => {
          if (!confirm(`删除另存的数据「${key}」？删除后无法恢复。`)) return;
          localStorage.removeItem(key);
          listAside();
          say(`已删除「${key}」。`, true);
        });
        li.append(name, ' ', get, ' ', del);
        return li;
      }),
    );
    $('practice-aside-box').hidden = keys.length === 0;
  }

  start(mode);
  listAside();
  root.dataset.ready = '';
}

/** Saves `text` as a file named `name`. */
function download(text: string, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
