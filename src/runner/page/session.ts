/**
 * The rarer parts of <snippet-runner>, loaded on first need so that the element's first-load
 * script stays small: opening and making share links, and the reader's own edit that shared code
 * has taken the place of (「恢复我之前的修改」 / 「删除之前的修改」).
 *
 * Code from a share link is only shown, not stored, until the reader edits it; the first save (or
 * 重置) then moves the reader's own edit to a backup slot (storage.ts). Whenever such an edit
 * exists and is not the code shown, the notice under the toolbar offers it back.
 *
 * The actions change the shown code only through the element's store (shown.ts) and reach the
 * element through the small SessionHost interface, so this module never imports element.ts.
 */
import { backupKey, defaultStore, editKey, loadBackup, loadEdit, type KeyValueStore, type SavedEdit } from './storage';
import type { BackendChoice } from '../shared/config';
import { leaveShare } from './share-hash';
import type { ShownCode } from './shown';

/** Forgets the backup of `snippet` (restored, or deleted by the reader). */
export function clearBackup(snippet: string, store: KeyValueStore | null = defaultStore()): void {
  try {
    store?.removeItem(backupKey(snippet));
  } catch {
    // offered again next time; harmless
  }
}

/** An edit of the reader's own that is not the code shown. */
export interface OwnEdit {
  edit: SavedEdit;
  /** Kept in the backup slot (else it is still the saved edit, shared code not having been saved yet). */
  inBackup: boolean;
}

/**
 * The reader's own edit that other code (`shown`, from a share link) has taken the place of: the
 * saved edit while it is still the reader's own and differs from `shown`, else the backup (unless
 * it equals `shown`). Null when there is none.
 */
export function ownEdit(snippet: string, shown: string, store: KeyValueStore | null = defaultStore()): OwnEdit | null {
  const saved = loadEdit(snippet, store);
  if (saved && !saved.shared && saved.code !== shown) return { edit: saved, inBackup: false };
  const backup = loadBackup(snippet, store);
  return backup && backup.code !== shown ? { edit: backup, inBackup: true } : null;
}

/**
 * 「恢复我之前的修改」: makes ownEdit(…) the saved edit again and returns it (null when there is
 * none). The backup slot is emptied, or, if the saved edit it replaces is also the reader's own,
 * keeps that one in turn: restoring never loses an edit of the reader's.
 */
export function takeOwn(
  snippet: string,
  shown: string,
  original: string,
  store: KeyValueStore | null = defaultStore(),
): SavedEdit | null {
  const own = ownEdit(snippet, shown, store);
  if (!own || !store) return null;
  const { code, base, savedAt } = own.edit;
  try {
    if (own.inBackup) {
      const saved = loadEdit(snippet, store);
      if (saved && !saved.shared && saved.code !== code) store.setItem(backupKey(snippet), JSON.stringify(saved));
      else store.removeItem(backupKey(snippet));
    }
    if (code === original) store.removeItem(editKey(snippet));
    else store.setItem(editKey(snippet), JSON.stringify({ code, base, savedAt } satisfies SavedEdit));
  } catch {
    // shown anyway; only the reload forgets
  }
  return { code, base, savedAt };
}

// ---------------------------------------------------------------------------------------------
// Actions, called by the element as session(action)

/** What the actions need from <snippet-runner>. */
export interface SessionHost {
  readonly shown: ShownCode;
  /** The backend <select>'s value. */
  backend: BackendChoice;
  /** This is the page's first runner: it speaks for the page about links meant for no runner here. */
  readonly first: boolean;
  stop(): void;
  openEditor(focus: boolean): Promise<unknown>;
  /** Sets the notice under the toolbar ('' hides it) and returns its box. */
  notice(text: string): HTMLElement;
  status(text: string): void;
  focusNext(): void;
  scrollIntoView(arg?: ScrollIntoViewOptions): void;
  writeClipboard(text: string): Promise<boolean>;
}

/**
 * Fills in the notice: `lead` (e.g. about a share link), a remark when the shown edit was made on an
 * older verified version, and the offer of the reader's own edit when one is kept aside.
 */
export function offer(host: SessionHost, oldBase?: string, lead = ''): void {
  const { shown } = host;
  let text = lead;
  if (oldBase)
    text += `你的修改基于旧的已验证版本（${oldBase}），当前版本是 ${shown.version}。按“重置”可换成当前的已验证代码。`;
  const own = ownEdit(shown.snippet, shown.code);
  if (own) text += '你之前对这段代码的修改仍然保存着，没有被覆盖。';
  const box = host.notice(text);
  const actions: [string, string][] = own ? [['restore', '恢复我之前的修改']] : [];
  if (own?.inBackup) actions.push(['discard', '删除之前的修改']);
  for (const [action, label] of actions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn';
    b.dataset['action'] = action; // handled by the element's click listener
    b.textContent = label;
    box.append(' ', b);
  }
}

/**
 * Shows the code of a `#share=` link for this snippet (never runs it). A link that cannot be read,
 * or that is for a snippet not on this page, is not ignored silently: the page's first runner says so.
 */
export async function apply(host: SessionHost): Promise<void> {
  const { decodeShare, openedNotice } = await import('./share');
  const shared = decodeShare(location.hash);
  if (!shared) {
    if (host.first)
      host.notice(
        '地址里的分享链接无法读取（可能不完整或被改动过），下面显示的仍是原来的代码。请向分享者要一个完整的链接。',
      );
    return;
  }
  if (shared.snippet !== host.shown.snippet) {
    const here = document.querySelector(`snippet-runner[data-snippet="${CSS.escape(shared.snippet)}"]`);
    if (!here && host.first)
      host.notice(`地址里的分享链接属于代码 ${shared.snippet}，它不在本页，所以没有打开。请确认链接对应的页面。`);
    return;
  }
  host.stop();
  host.shown.show(shared.code, 'share'); // the reader's last keystrokes are saved first, kept with their edit
  host.backend = shared.backend;
  offer(host, undefined, openedNotice(shared, host.shown.version));
  await host.openEditor(false);
  host.scrollIntoView({ block: 'start' });
}

/** 分享: copies a link to the current code and shows it under the toolbar; the address bar is left alone. */
export async function share(host: SessionHost): Promise<void> {
  const { shareUrl, showLink } = await import('./share');
  const { shown } = host;
  const url = shareUrl(location.href, {
    snippet: shown.snippet,
    code: shown.code,
    backend: host.backend,
    version: shown.version,
  });
  showLink(host.notice(''), url, await host.writeClipboard(url));
}

/** 「恢复我之前的修改」: the reader's own edit replaces the code shown (shared code stays in its link). */
export function restore(host: SessionHost): void {
  const { shown } = host;
  const own = takeOwn(shown.snippet, shown.code, shown.original);
  if (!own) {
    host.notice('');
    return host.focusNext();
  }
  shown.show(own.code, 'backup');
  leaveShare();
  offer(host);
  host.status('已恢复你之前的修改。');
  void host.openEditor(true); // the button is gone: focus goes to the restored code
}

/** 「删除之前的修改」: forgets the kept-aside edit. */
export function discard(host: SessionHost): void {
  clearBackup(host.shown.snippet);
  host.notice('');
  host.status('已删除你之前的修改。');
  host.focusNext();
}
