/**
 * The one owner of the code a <snippet-runner> shows: what it is and where it came from (the
 * verified file, the reader's saved edit, a share link, the reader's edit brought back from the
 * backup). The element and the editor render what this store says; session.ts (share links, the
 * kept-aside edit) changes it through the same few calls. Saving the reader's typing to
 * localStorage (storage.ts) happens here, after a short pause, and only for the reader's typing:
 * code shown from elsewhere is stored only once the reader edits it.
 */
import { clearEdit, defaultStore, loadEdit, saveEdit, type KeyValueStore } from './storage';

/** Where the shown code came from. */
export type Origin = 'verified' | 'edit' | 'share' | 'backup';

/** What the store holds. */
export interface ShownState {
  code: string;
  origin: Origin;
}

/** How long typing must pause before the edit is saved, in ms. */
const SAVE_DELAY_MS = 250;

export class ShownCode {
  private state: ShownState;
  private readonly listeners = new Set<(state: ShownState) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: (() => void) | null = null;

  constructor(
    readonly snippet: string,
    /** The verified code (the file the tests run). */
    readonly original: string,
    /** Its version (content hash), stored with an edit as the edit's base. */
    readonly version: string,
    private readonly store: KeyValueStore | null = defaultStore(),
  ) {
    this.state = { code: original, origin: 'verified' };
  }

  get code(): string {
    return this.state.code;
  }

  get origin(): Origin {
    return this.state.origin;
  }

  /** The shown code is not the verified code. */
  get modified(): boolean {
    return this.state.code !== this.original;
  }

  /** Calls `listener` with every new state (not with the current one); returns the unsubscribe. */
  subscribe(listener: (state: ShownState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(code: string, origin: Origin): void {
    if (code === this.state.code && origin === this.state.origin) return;
    this.state = { code, origin };
    for (const l of this.listeners) l(this.state);
  }

  /**
   * Shows the saved edit, if there is one that differs from the verified code. Returns it (with
   * the version it was based on) or null.
   */
  loadSaved(): { base: string } | null {
    const saved = loadEdit(this.snippet, this.store);
    if (!saved || saved.code === this.original) return null;
    this.set(saved.code, saved.shared ? 'share' : 'edit');
    return { base: saved.base };
  }

  /**
   * The reader typed: `code` is shown and saved after a pause. Shared code stays marked as shared
   * when edited (saving it moves the reader's own edit to the backup slot, storage.ts).
   */
  edit(code: string): void {
    const shared = this.state.origin === 'share';
    this.set(code, shared ? 'share' : code === this.original ? 'verified' : 'edit');
    clearTimeout(this.timer);
    this.pending = () => {
      this.pending = null;
      saveEdit(this.snippet, code, this.original, this.version, this.store, Date.now(), shared);
    };
    this.timer = setTimeout(this.pending, SAVE_DELAY_MS);
  }

  /** Makes the pending save now (before shared code takes the place of the reader's typing). */
  flush(): void {
    clearTimeout(this.timer);
    this.pending?.();
  }

  /**
   * Shows code from a share link or the backup; nothing is saved until the reader edits it. Typing
   * not yet saved is saved first before a share link (it is the reader's, and is kept aside with
   * their edit), dropped before the backup (which session.ts has just made the saved edit).
   */
  show(code: string, origin: 'share' | 'backup'): void {
    if (origin === 'share') this.flush();
    clearTimeout(this.timer);
    this.pending = null;
    this.set(code, origin);
  }

  /** 重置: the verified code, and the saved edit forgotten (a reader's own edit that shared code replaced stays in the backup). */
  reset(): void {
    clearTimeout(this.timer);
    this.pending = null;
    clearEdit(this.snippet, this.store, this.state.origin === 'share');
    this.set(this.original, 'verified');
  }
}
