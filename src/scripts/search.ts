import { aliasKey, matchedNames, phraseLevels, rankByPhrases } from '../lib/search-query';
import {
  loadNames,
  loadPagefind,
  type Names,
  type Pagefind,
  type PagefindData,
  type PagefindResult,
} from './search-engine';

/**
 * Search dialog behaviour, loaded on first open. Talks to Pagefind's JS API directly (not its UI
 * bundle) so that IME composition, keyboard navigation and sub-results behave as we want.
 */

let attached = false;

/** The pages containing `phrase` exactly (Pagefind's quoted search), by id; cached per phrase. */
const phraseCache = new Map<string, Promise<Map<string, PagefindResult>>>();
function pagesContaining(pf: Pagefind, phrase: string): Promise<Map<string, PagefindResult>> {
  let hit = phraseCache.get(phrase);
  if (!hit) {
    hit = pf.search(`"${phrase.replace(/"/g, '')}"`).then((r) => new Map(r.results.map((x) => [x.id, x])));
    phraseCache.set(phrase, hit);
  }
  return hit;
}

/**
 * The results for `query`, best first: the pages that have it as an alias (the names table's exact
 * lookup), then Pagefind's ranking, kept only where the words occur as typed.
 */
async function searchPages(pf: Pagefind, names: Names | undefined, query: string): Promise<PagefindResult[]> {
  const levels = phraseLevels(query);
  // Every phrase level is asked for together with the ranking: Pagefind's worker loads the index
  // chunks they share once and answers them side by side (LLaMA 显存, warm: 37 ms in parallel against
  // 52 ms one after another), and a level not needed is a cached lookup later.
  for (const phrase of levels.flat()) void pagesContaining(pf, phrase);
  const ranked = await pf.search(query);
  // A page's result object from the ranked search, else the phrase search: both carry excerpts
  // with the query highlighted.
  const known = new Map(ranked.results.map((r) => [r.id, r]));
  const ids = await rankByPhrases(
    ranked.results.map((r) => r.id),
    levels,
    async (phrase) => {
      const pages = await pagesContaining(pf, phrase);
      for (const [id, r] of pages) if (!known.has(id)) known.set(id, r);
      return new Set(pages.keys());
    },
  );
  const key = aliasKey(query);
  const byFilter = async () => (await pf.search(null, { filters: { alias: key } })).results;
  const keep = (results: PagefindResult[]) => results.forEach((r) => known.has(r.id) || known.set(r.id, r));
  let named: string[];
  if (names) {
    named = names.byAlias.get(key) ?? [];
    // A named page that neither search returned has no result object yet: the filter search has it.
    if (named.some((id) => !known.has(id))) keep(await byFilter());
  } else {
    // Without the names table (it failed to load), the alias filter is the same lookup, one search later.
    const filtered = await byFilter();
    named = filtered.map((r) => r.id);
    keep(filtered);
  }
  return [...named, ...ids.filter((id) => !named.includes(id))].flatMap((id) => known.get(id) ?? []);
}

/** Results drawn per query. Each costs a fragment download (the page's text, 5-15 KB) ... */
const MAX_RESULTS = 5;
/** ... so only the first few load at once; the others when they are scrolled (or arrowed) into view. */
const EAGER_RESULTS = 3;
/** How long typing must pause before a search: long enough to skip most intermediate keystrokes. */
const TYPING_PAUSE_MS = 60;
const MAX_SUB = 3;

/** A result's title, linking to its page. */
function titleLink(url: string, title: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.className = 'result-title';
  a.href = url;
  a.textContent = title;
  return a;
}

/** A result's entry before its fragment is in: the title and link of page `id`, from the names table. */
function resultShell(id: string, i: number, names: Names | undefined): HTMLLIElement {
  const li = document.createElement('li');
  li.id = `search-result-${i}`;
  const page = names?.byId.get(id);
  if (page) {
    const p = document.createElement('p');
    p.className = 'excerpt excerpt-pending';
    li.append(titleLink(page.url, page.title), p);
  }
  return li;
}

/** Fills a result's entry from its fragment: title, highlighted excerpt, names matched, sub-results. */
function fillResult(li: HTMLLIElement, d: PagefindData, query: string): void {
  const a = titleLink(d.url, d.meta.title ?? d.url);
  const p = document.createElement('p');
  p.className = 'excerpt';
  // Pagefind's excerpt is HTML-escaped page text with <mark> around matches.
  p.innerHTML = d.excerpt;
  li.replaceChildren(a, p);
  // Matched only in the page's names (an alias or a tag): say which, since the excerpt cannot.
  if (!d.excerpt.includes('<mark>')) {
    const names = matchedNames([d.meta.aliases, d.meta.tags], query);
    if (names.length > 0) {
      const why = document.createElement('p');
      why.className = 'excerpt result-names';
      why.append('本页的名称与标签：');
      names.forEach((n, j) => {
        const mark = document.createElement('mark');
        mark.textContent = n;
        why.append(...(j > 0 ? ['、', mark] : [mark]));
      });
      li.append(why);
    }
  }
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
}

export function attachSearch(dialog: HTMLDialogElement): void {
  // The header script has already focused the input (and selected any earlier query).
  if (attached) return;
  const input = dialog.querySelector<HTMLInputElement>('#search-input')!;
  attached = true;
  const list = dialog.querySelector<HTMLOListElement>('#search-results')!;
  const status = dialog.querySelector<HTMLElement>('#search-status')!;
  let composing = false;
  let active = -1;
  let generation = 0;
  let observer: IntersectionObserver | undefined; // loads the fragments of results scrolled into view

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
    // One quiet retry: a dropped request on a flaky network should not need the reader.
    const engine = loadPagefind().catch(
      () => new Promise<Pagefind>((ok, no) => setTimeout(() => loadPagefind().then(ok, no), 300)),
    );
    engine.catch(() => undefined); // awaited below; a failure is reported there
    const names = await loadNames().catch(() => undefined);
    if (mine !== generation) return;
    // A query that is a page's name (RoPE, KV cache, 复读机) needs no index: the names table alone
    // says which page comes first, so it is drawn now, and stays if the index cannot load.
    const named = names?.byAlias.get(aliasKey(query)) ?? [];
    const shells = named.slice(0, MAX_RESULTS).map((id, i) => resultShell(id, i, names));
    if (shells.length > 0) {
      observer?.disconnect();
      list.replaceChildren(...shells);
      status.textContent = `找到 ${shells.length} 个页面`;
      setActive(0);
      list.dataset.first = query;
    }
    let pf: Pagefind;
    try {
      pf = await engine;
    } catch {
      if (mine !== generation) return;
      shells.forEach((li) => li.querySelector('.excerpt-pending')?.classList.remove('excerpt-pending'));
      status.textContent =
        (shells.length > 0 ? '只找到名称相符的页面：' : '') +
        '搜索索引未能加载：请检查网络后再输入一次（本地开发时请先运行 npm run build）。';
      list.dataset.done = query;
      return;
    }
    let hits: PagefindResult[];
    try {
      hits = (await searchPages(pf, names, query)).slice(0, MAX_RESULTS);
    } catch (err) {
      if (mine !== generation) return;
      status.textContent = `搜索出错：${err instanceof Error ? err.message : String(err)}`;
      list.dataset.done = query;
      return;
    }
    if (mine !== generation) return; // superseded by a newer query
    observer?.disconnect();
    if (hits.length === 0) {
      list.replaceChildren();
      setActive(-1);
      status.textContent = `没有找到与“${query}”相关的页面`;
      list.dataset.done = query; // the results shown are this query's (tests and the bench wait on it)
      return;
    }
    // Every result is drawn at once from the names table (title and link); its fragment fills in
    // the excerpt and sub-results. Fragments load in parallel, the first few now, the rest in view.
    const items = hits.map((h, i) => resultShell(h.id, i, names));
    const loads: Promise<void>[] = [];
    const load = (i: number) =>
      (loads[i] ??= hits[i]!.data().then(
        (d) => {
          if (mine === generation) fillResult(items[i]!, d, query);
        },
        () => {
          // A fragment that failed to load: keep the title if we have it, else drop the entry.
          if (items[i]!.childElementCount === 0) items[i]!.remove();
          else items[i]!.querySelector('.excerpt-pending')?.classList.remove('excerpt-pending');
        },
      ));
    list.replaceChildren(...items);
    status.textContent = `找到 ${hits.length} 个页面`;
    const eager = items.map((_, i) => i).filter((i) => i < EAGER_RESULTS || items[i]!.childElementCount === 0);
    if (items[0]!.childElementCount === 0) await load(0); // no names table: the first result waits for its text
    if (mine !== generation) return;
    setActive(0);
    list.dataset.first = query; // the first result of this query is on screen (the bench times this)
    await Promise.all(eager.map(load));
    if (mine !== generation) return;
    list.dataset.done = query; // the results shown are this query's (tests and the bench wait on it)
    // Watched only now that the first results have their full height: the rest load when in view.
    observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) if (e.isIntersecting) void load(items.indexOf(e.target as HTMLLIElement));
      },
      { root: list },
    );
    items.forEach((li, i) => !eager.includes(i) && observer!.observe(li));
  };

  // An IME sends input events while pinyin is half-composed; search only on committed text.
  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => {
    composing = false;
    clearTimeout(typingTimer);
    void run();
  });
  // Typing waits for a short pause; a paste, a deletion or an IME commit searches at once.
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', (e) => {
    const ev = e as InputEvent;
    if (composing || ev.isComposing) return;
    clearTimeout(typingTimer);
    if (ev.inputType === 'insertText') {
      typingTimer = setTimeout(() => void run(), TYPING_PAUSE_MS);
      // While the reader pauses, Pagefind fetches the index chunks the words need.
      void loadPagefind()
        .then((pf) => pf.preload?.(input.value.trim()))
        .catch(() => {});
    } else void run();
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
    } else if (e.key === 'Escape') {
      // A search field's own Escape only clears its text; the button says Esc closes the dialog.
      e.preventDefault();
      dialog.close();
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
