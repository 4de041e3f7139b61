/**
 * The rarer parts of <snippet-runner>, loaded on first need so that the element's first-load
 * script stays small: opening and making share links, and the reader's own edit that shared code
 * has taken the place of (「恢复我之前的修改」 / 「删除之前的修改」).
 *
 * Code from a share link is only shown, not stored, until the reader edits it; the first save (or
 * 重置) then moves the reader's own edit to a backup slot (storage.ts). Whenever such an edit
 * exists and is not the code shown, the notice under the toolbar offers it back.
 */
import { backupKey, defaultStore, editKey, loadBackup, loadEdit, type KeyValueStore, type SavedEdit } from './storage';
import type { SnippetRunner } from './element';

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

/**
 * Fills in the notice: `lead` (e.g. about a share link), a remark when the shown edit was made on an
 * older verified version, and the offer of the reader's own edit when one is kept aside.
 */
export function offer(el: SnippetRunner, oldBase?: string, lead = ''): void {
  let text = lead;
  if (oldBase)
    text += `你的修改基于旧的已验证版本（${oldBase}），当前版本是 ${el.version}。按“重置”可换成当前的已验证代码。`;
  const own = ownEdit(el.snippet, el.currentCode());
  if (own) text += '你之前对这段代码的修改仍然保存着，没有被覆盖。';
  el.notice(text);
  const actions: [string, string][] = own ? [['restore', '恢复我之前的修改']] : [];
  if (own?.inBackup) actions.push(['discard', '删除之前的修改']);
  for (const [action, label] of actions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn';
    b.dataset['action'] = action; // handled by the element's click listener
    b.textContent = label;
    el.child('notice').append(' ', b);
  }
}

/** Shows the code of a `#share=` link for this snippet (never runs it). */
export async function apply(el: SnippetRunner): Promise<void> {
  const { decodeShare, openedNotice } = await import('./share');
  const shared = decodeShare(location.hash);
  if (!shared || shared.snippet !== el.snippet) return;
  el.stop();
  clearTimeout(el.saveTimer);
  el.pendingSave?.(); // the reader's last keystrokes first, so they are kept with their edit
  el.fromShare = true;
  el.setCode(shared.code);
  el.child<HTMLSelectElement>('backend').value = shared.backend;
  offer(el, undefined, openedNotice(shared, el.version));
  await el.openEditor(false);
  el.scrollIntoView({ block: 'start' });
}

/** 分享: copies a link to the current code and shows it under the toolbar; the address bar is left alone. */
export async function share(el: SnippetRunner): Promise<void> {
  const { shareUrl, showLink } = await import('./share');
  const url = shareUrl(location.href, {
    snippet: el.snippet,
    code: el.currentCode(),
    backend: el.backend,
    version: el.version,
  });
  showLink(el.child('notice'), url, await el.writeClipboard(url));
}

/** 「恢复我之前的修改」: the reader's own edit replaces the code shown (shared code stays in its link). */
export function restore(el: SnippetRunner): void {
  const own = takeOwn(el.snippet, el.currentCode(), el.original);
  if (!own) {
    el.notice('');
    return el.focusNext();
  }
  clearTimeout(el.saveTimer);
  el.pendingSave = null;
  el.fromShare = false;
  el.setCode(own.code);
  el.leaveShare();
  offer(el);
  el.status('已恢复你之前的修改。');
  void el.openEditor(true); // the button is gone: focus goes to the restored code
}

/** 「删除之前的修改」: forgets the kept-aside edit. */
export function discard(el: SnippetRunner): void {
  clearBackup(el.snippet);
  el.notice('');
  el.status('已删除你之前的修改。');
  el.focusNext();
}
