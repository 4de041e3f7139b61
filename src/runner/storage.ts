/**
 * The reader's edits, kept per snippet in localStorage so they survive a reload, plus their last
 * backend choice. Every access tolerates a missing or throwing store (private mode, quota, disabled
 * storage): the runner then simply forgets.
 */
import { isBackendChoice, type BackendChoice } from './config';

/** The part of the Web Storage API we use (a Map-backed fake in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A saved edit. */
export interface SavedEdit {
  code: string;
  /** Version (content hash) of the verified code the edit started from. */
  base: string;
  /** ms since epoch. */
  savedAt: number;
}

const PREFIX = 'bagu-runner:v1:';

/** localStorage key of a snippet's edit; includes the snippet path, e.g. `bagu-runner:v1:edit:rope/rope`. */
export function editKey(snippet: string): string {
  return `${PREFIX}edit:${snippet}`;
}

/** localStorage key of the reader's backend choice (shared by all snippets). */
export const BACKEND_KEY = `${PREFIX}backend`;

/** window.localStorage, or null where reading it throws. */
export function defaultStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The saved edit for `snippet`, or null (none, unreadable, or malformed). */
export function loadEdit(snippet: string, store: KeyValueStore | null = defaultStore()): SavedEdit | null {
  try {
    const raw = store?.getItem(editKey(snippet));
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<SavedEdit>;
    if (typeof v.code !== 'string' || typeof v.base !== 'string') return null;
    return { code: v.code, base: v.base, savedAt: typeof v.savedAt === 'number' ? v.savedAt : 0 };
  } catch {
    return null;
  }
}

/**
 * Saves `code` as the edit of `snippet`, or removes the entry when `code` equals the verified
 * `original` (an edit undone by hand is no edit). Returns whether an edit is now stored.
 */
export function saveEdit(
  snippet: string,
  code: string,
  original: string,
  base: string,
  store: KeyValueStore | null = defaultStore(),
  now = Date.now(),
): boolean {
  try {
    if (code === original) {
      store?.removeItem(editKey(snippet));
      return false;
    }
    store?.setItem(editKey(snippet), JSON.stringify({ code, base, savedAt: now } satisfies SavedEdit));
    return store != null;
  } catch {
    return false;
  }
}

/** Forgets the edit of `snippet`. */
export function clearEdit(snippet: string, store: KeyValueStore | null = defaultStore()): void {
  try {
    store?.removeItem(editKey(snippet));
  } catch {
    // nothing to do: the edit stays but 重置 still shows the verified code
  }
}

/** The last backend the reader chose, or 'auto'. */
export function loadBackend(store: KeyValueStore | null = defaultStore()): BackendChoice {
  try {
    const v = store?.getItem(BACKEND_KEY);
    return isBackendChoice(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

/** Remembers the reader's backend choice ('auto' clears it). */
export function saveBackend(choice: BackendChoice, store: KeyValueStore | null = defaultStore()): void {
  try {
    if (choice === 'auto') store?.removeItem(BACKEND_KEY);
    else store?.setItem(BACKEND_KEY, choice);
  } catch {
    // forgotten on reload; harmless
  }
}
