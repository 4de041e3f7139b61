/**
 * Search dialog behaviour, loaded on first open. Talks to Pagefind's JS API directly (not its UI
 * bundle) so that IME composition, keyboard navigation and sub-results behave as we want.
 */
interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}
interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results: PagefindSubResult[];
}
interface PagefindResult {
  data: () => Promise<PagefindData>;
}
interface Pagefind {
  debouncedSearch: (q: string, opts?: object, ms?: number) => Promise<{ results: PagefindResult[] } | null>;
  init?: () => Promise<void>;
}

let attached = false;
let pagefind: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  // Pagefind is generated after the build into /pagefind/; it is not part of the Vite graph.
  const url = '/pagefind/pagefind.js';
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (pf) => {
    await pf.init?.();
    return pf;
  });
  return pagefind;
}

const MAX_RESULTS = 10;
const MAX_SUB = 3;

/**
 * Pagefind matches by prefix and, for Chinese, per character, so a nonsense query such as `qwxz`
 * "finds" every page with a word starting with q. Keep a result only if some highlighted match is at
 * least half as long as the query (spaces aside): `量子计算` may match `计算`, `xyz` may not match `x`.
 */
export function isRelevant(query: string, excerpts: readonly string[]): boolean {
  const wanted = Math.max(1, Math.ceil([...query.replace(/\s+/g, '')].length / 2));
  let longest = 0;
  for (const html of excerpts) {
    for (const m of html.matchAll(/<mark>(.*?)<\/mark>/g)) longest = Math.max(longest, [...(m[1] ?? '')].length);
  }
  return longest >= wanted;
}

function renderResult(d: PagefindData, i: number): HTMLLIElement {
  const li = document.createElement('li');
  li.id = `search-result-${i}`;
  const a = document.createElement('a');
  a.className = 'result-title';
  a.href = d.url;
  a.textContent = d.meta.title ?? d.url;
  const p = document.createElement('p');
  p.className = 'excerpt';
  // Pagefind's excerpt is HTML-escaped page text with <mark> around matches.
  p.innerHTML = d.excerpt;
  li.append(a, p);
  // Sub-results link to headings; skip one that only repeats the page's own excerpt (the 简答 box).
  const subs = d.sub_results.filter((s) => s.url.includes('#') && s.excerpt !== d.excerpt).slice(0, MAX_SUB);
  if (subs.length > 0) {
    const ul = document.createElement('ul');
    for (const s of subs) {
      const sli = document.createElement('li');
      const sa = document.createElement('a');
      sa.href = s.url;
      sa.textContent = s.title;
      const sp = document.createElement('p');
      sp.className = 'excerpt';
      sp.innerHTML = s.excerpt;
      sli.append(sa, sp);
      ul.append(sli);
    }
    li.append(ul);
  }
  return li;
}

export function attachSearch(dialog: HTMLDialogElement): void {
  const input = dialog.querySelector<HTMLInputElement>('#search-input')!;
  input.focus();
  if (attached) {
    input.select();
    return;
  }
  attached = true;
  const list = dialog.querySelector<HTMLOListElement>('#search-results')!;
  const status = dialog.querySelector<HTMLElement>('#search-status')!;
  let composing = false;
  let active = -1;
  let generation = 0;

  const setActive = (i: number) => {
    const items = [...list.children] as HTMLElement[];
    // Arrow keys move a visual highlight for Enter; results stay a plain list of links, which
    // screen readers reach with Tab (a listbox could not hold the nested sub-result links).
    items.forEach((el, j) => el.classList.toggle('active', j === i));
    active = i;
    const el = items[i];
    el?.scrollIntoView({ block: 'nearest' });
  };

  const run = async () => {
    const query = input.value.trim();
    const mine = ++generation;
    list.dataset.query = query; // every query asked for, in order: what the IME test observes
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    let pf: Pagefind;
    try {
      pf = await loadPagefind();
    } catch {
      status.textContent = '搜索索引未能加载（本地开发时请先运行 npm run build）。';
      return;
    }
    const search = await pf.debouncedSearch(query, {}, 120);
    if (search === null || mine !== generation) return; // superseded by a newer query
    const all = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine !== generation) return;
    const data = all.filter((d) => isRelevant(query, [d.excerpt, ...d.sub_results.map((s) => s.excerpt)]));
    list.replaceChildren(...data.map(renderResult));
    status.textContent = data.length > 0 ? `找到 ${data.length} 个页面` : `没有找到与“${query}”相关的页面`;
    setActive(data.length > 0 ? 0 : -1);
  };

  // An IME sends input events while pinyin is half-composed; search only on committed text.
  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => {
    composing = false;
    void run();
  });
  input.addEventListener('input', (e) => {
    if (composing || (e as InputEvent).isComposing) return;
    void run();
  });
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    const n = list.children.length;
    if (e.key === 'ArrowDown' && n > 0) {
      e.preventDefault();
      setActive((active + 1) % n);
    } else if (e.key === 'ArrowUp' && n > 0) {
      e.preventDefault();
      setActive((active - 1 + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      list.children[active]?.querySelector<HTMLAnchorElement>('a')?.click();
    }
  });
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog)
      dialog.close(); // click on the backdrop
    // A result on the current page only changes the #fragment: close so the reader sees it.
    else if ((e.target as Element).closest('#search-results a')) dialog.close();
  });
  if (input.value) void run();
}
