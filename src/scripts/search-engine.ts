import { pagefindDir, withBase } from '../lib/urls';

/**
 * Loading the search engine: Pagefind (generated after the build into /pagefind/, outside the Vite
 * graph) and the page names table (scripts/search-names.mjs). Kept apart from the dialog code so
 * that the header script can start both the moment the dialog opens, in parallel with the dialog's
 * own chunk, instead of one after the other.
 */
export interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}
export interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string; aliases?: string; tags?: string };
  sub_results: PagefindSubResult[];
}
export interface PagefindResult {
  id: string;
  data: () => Promise<PagefindData>;
}
export interface Pagefind {
  search: (q: string | null, opts?: { filters?: Record<string, string> }) => Promise<{ results: PagefindResult[] }>;
  options: (opts: object) => Promise<void>;
  init?: () => Promise<void>;
  /** Loads the index chunks a search for `term` will need. */
  preload?: (term: string) => Promise<void>;
}

/** A page as the names table lists it. */
export interface PageName {
  id: string;
  url: string;
  title: string;
}
export interface Names {
  byId: Map<string, PageName>;
  /** aliasKey(alias) -> the ids of the pages that carry it (one, by the content test). */
  byAlias: Map<string, string[]>;
}

/**
 * Ranking: a match in a page's aliases (the names it is the answer for, from its frontmatter)
 * outweighs one in its title (Pagefind's default boost, 5), then its tags, then the body. Chosen on
 * the query set (tests/search/queries): see README, Search.
 */
export const RANKING = { metaWeights: { title: 5, aliases: 40, tags: 3 } };

let pagefind: Promise<Pagefind> | undefined;
let names: Promise<Names> | undefined;

/** Loads and starts Pagefind (once); a failed load is tried again on the next call. */
export function loadPagefind(): Promise<Pagefind> {
  // Result URLs come from file paths under dist/ (`/q/rope/`); Pagefind 1.6 puts the base path in
  // front by itself (its default baseUrl is the folder above the bundle's URL), which
  // tests/e2e/base-path.test.mjs checks.
  pagefind ??= (import(/* @vite-ignore */ `${pagefindDir}pagefind.js`) as Promise<Pagefind>).then(async (pf) => {
    await pf.options({ ranking: RANKING });
    await pf.init?.();
    return pf;
  });
  pagefind.catch(() => (pagefind = undefined));
  return pagefind;
}

/** The names table (once). Without it search still works: titles wait for the fragments. */
export function loadNames(): Promise<Names> {
  names ??= fetch(`${pagefindDir}names.json`)
    .then((r) => (r.ok ? (r.json() as Promise<[string, string, string, string[]][]>) : []))
    .then((rows) => {
      const byId = new Map<string, PageName>();
      const byAlias = new Map<string, string[]>();
      for (const [id, url, title, aliases] of rows) {
        byId.set(id, { id, url: withBase(url), title }); // Pagefind's URLs are paths under dist/
        for (const key of aliases) byAlias.set(key, [...(byAlias.get(key) ?? []), id]);
      }
      return { byId, byAlias };
    });
  names.catch(() => (names = undefined));
  return names;
}

/** Starts loading everything a first query needs (on dialog open, or on intent). */
export function warmSearchEngine(): void {
  void loadPagefind().catch(() => {});
  void loadNames().catch(() => {});
}
