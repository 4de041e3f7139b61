/**
 * The reader's edits, kept per snippet in localStorage so they survive a reload, plus their last
 * backend choice. Every access tolerates a missing or throwing store (private mode, quota, disabled
 * storage): the runner then simply forgets.
 *
 * Shared code never silently replaces the reader's own edit: the first time code that came from a
 * share link is saved (or reset) over an edit of the reader's own, that edit is moved to a backup
 * slot, from which 「恢复我之前的修改」 brings it back.
 */
import { isBackendChoice, type BackendChoice } from '../shared/config.ts';

/** The part of the Web Storage API we use (a Map-backed fake in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** A saved edit. */
export interface SavedEdit {
  code: string;
  /** Version (content hash) of the verified code the edit started from. */
  base: string;
  /** ms since epoch. */
  savedAt: number;
  /** The code came from a share link (and was perhaps edited since): not the reader's own edit. */
  shared?: boolean;
}

const PREFIX = 'bagu-runner:v1:';

/** localStorage key of a snippet's edit; includes the snippet path, e.g. `bagu-runner:v1:edit:rope/rope`. */
export function editKey(snippet: string): string {
  return `${PREFIX}edit:${snippet}`;
}

/** localStorage key of the reader's own edit, kept aside while shared code took its place. */
export function backupKey(snippet: string): string {
  return `${PREFIX}backup:${snippet}`;
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

function read(key: string, store: KeyValueStore | null): SavedEdit | null {
  try {
    const raw = store?.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<SavedEdit>;
    if (typeof v.code !== 'string' || typeof v.base !== 'string') return null;
    const edit: SavedEdit = { code: v.code, base: v.base, savedAt: typeof v.savedAt === 'number' ? v.savedAt : 0 };
    if (v.shared === true) edit.shared = true;
    return edit;
  } catch {
    return null;
  }
}

/** The saved edit for `snippet`, or null (none, unreadable, or malformed). */
export function loadEdit(snippet: string, store: KeyValueStore | null = defaultStore()): SavedEdit | null {
  return read(editKey(snippet), store);
}

/** The reader's own edit kept aside by a save of shared code, or null (see session.ts for the rest). */
export function loadBackup(snippet: string, store: KeyValueStore | null = defaultStore()): SavedEdit | null {
  return read(backupKey(snippet), store);
}

/** Before code from a share link replaces the stored edit: moves an edit of the reader's own to the backup slot. */
function keepOwn(snippet: string, store: KeyValueStore): void {
  const saved = loadEdit(snippet, store);
  if (saved && !saved.shared) store.setItem(backupKey(snippet), JSON.stringify(saved));
}

/**
 * Saves `code` as the edit of `snippet`, or removes the entry when `code` equals the verified
 * `original` (an edit undone by hand is no edit). Returns whether an edit is now stored.
 * `shared`: the code came from a share link; an edit of the reader's own that it replaces is
 * moved to the backup slot first (loadBackup), so it is never lost.
 */
export function saveEdit(
  snippet: string,
  code: string,
  original: string,
  base: string,
  store: KeyValueStore | null = defaultStore(),
  now = Date.now(),
  shared = false,
): boolean {
  try {
    if (!store) return false;
    if (shared) keepOwn(snippet, store);
    if (code === original) {
      store.removeItem(editKey(snippet));
      return false;
    }
    const edit: SavedEdit = { code, base, savedAt: now };
    if (shared) edit.shared = true;
    store.setItem(editKey(snippet), JSON.stringify(edit));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the edit of `snippet` (after moving it to the backup slot when `shared`, as saveEdit does). */
export function clearEdit(snippet: string, store: KeyValueStore | null = defaultStore(), shared = false): void {
  try {
    if (store && shared) keepOwn(snippet, store);
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
