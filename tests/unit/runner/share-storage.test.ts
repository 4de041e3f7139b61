import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, SHARE_PREFIX, shareUrl, type SharePayload } from '../../../src/runner/page/share';
import {
  BACKEND_KEY,
  clearEdit,
  editKey,
  loadBackend,
  loadBackup,
  loadEdit,
  saveBackend,
  saveEdit,
  type KeyValueStore,
} from '../../../src/runner/page/storage';
import { clearBackup, ownEdit, takeOwn } from '../../../src/runner/page/session';
import { readFileSync } from 'node:fs';
import { MemoryStore } from '../memory-store';

const code = readFileSync('snippets/rope/rope.ts', 'utf8');

describe('share links', () => {
  const payload: SharePayload = {
    snippet: 'rope/rope',
    code: `${code}\n// 改：θ_i 用 base^(−2i/d) \u{1F600}`,
    backend: 'wasm',
    version: 'abc123def0',
  };

  it('round-trips code (Chinese, emoji, newlines), backend and version through a URL', () => {
    const url = shareUrl('https://example.org/q/rope/#summary-h', payload);
    expect(url.startsWith('https://example.org/q/rope/#share=')).toBe(true);
    // A browser hands back the hash as typed; the URI-safe alphabet needs no escaping.
    const hash = new URL(url).hash;
    expect(hash).toBe(encodeShare(payload));
    expect(decodeShare(hash)).toEqual(payload);
  });

  it('compresses: a 4 KB snippet fits a link', () => {
    expect(encodeShare(payload).length).toBeLessThan(code.length);
  });

  it('rejects anything that is not a well-formed share hash', () => {
    expect(decodeShare('#summary')).toBeNull();
    expect(decodeShare(`${SHARE_PREFIX}not-lz-data`)).toBeNull();
    const evil = encodeShare({ ...payload, snippet: '../../etc' });
    expect(decodeShare(evil)).toBeNull();
  });

  it('falls back to 自动 for an unknown backend', () => {
    const hash = encodeShare({ ...payload, backend: 'cuda' as never });
    expect(decodeShare(hash)?.backend).toBe('auto');
  });
});

describe('saved edits', () => {
  it('keys edits by snippet path and restores them', () => {
    const store = new MemoryStore();
    expect(saveEdit('rope/rope', 'edited', 'original', 'v1', store, 1000)).toBe(true);
    expect([...store.map.keys()]).toEqual([editKey('rope/rope')]);
    expect(editKey('rope/rope')).toContain('rope/rope');
    expect(loadEdit('rope/rope', store)).toEqual({ code: 'edited', base: 'v1', savedAt: 1000 });
    expect(loadEdit('rmsnorm/rmsnorm', store)).toBeNull();
  });

  it('forgets an edit that is back to the original, and on clear', () => {
    const store = new MemoryStore();
    saveEdit('a/b', 'x', 'orig', 'v', store);
    expect(saveEdit('a/b', 'orig', 'orig', 'v', store)).toBe(false);
    expect(loadEdit('a/b', store)).toBeNull();
    saveEdit('a/b', 'x', 'orig', 'v', store);
    clearEdit('a/b', store);
    expect(store.map.size).toBe(0);
  });

  it('survives broken or throwing storage', () => {
    const store = new MemoryStore();
    store.setItem(editKey('a/b'), '{not json');
    expect(loadEdit('a/b', store)).toBeNull();
    store.setItem(editKey('a/b'), JSON.stringify({ code: 1 }));
    expect(loadEdit('a/b', store)).toBeNull();
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadEdit('a/b', throwing)).toBeNull();
    expect(saveEdit('a/b', 'x', 'y', 'v', throwing)).toBe(false);
    expect(() => clearEdit('a/b', throwing)).not.toThrow();
    expect(loadBackend(throwing)).toBe('auto');
    expect(() => saveBackend('cpu', throwing)).not.toThrow();
    expect(loadEdit('a/b', null)).toBeNull();
  });

  it('remembers the backend choice; auto clears it; junk reads as auto', () => {
    const store = new MemoryStore();
    saveBackend('webgl', store);
    expect(loadBackend(store)).toBe('webgl');
    saveBackend('auto', store);
    expect(store.map.has(BACKEND_KEY)).toBe(false);
    store.setItem(BACKEND_KEY, 'tpu');
    expect(loadBackend(store)).toBe('auto');
  });
});

describe('shared code never silently replaces the reader’s own edit', () => {
  const ORIGINAL = 'verified';
  const snippet = 'rope/rope';
  /** The QA scenario's start: the reader's own edit A is saved. */
  function withOwnEdit() {
    const store = new MemoryStore();
    saveEdit(snippet, 'A (mine)', ORIGINAL, 'v1', store, 1);
    return store;
  }

  it('opening a share link stores nothing; the own edit is offered back (still the saved edit)', () => {
    const store = withOwnEdit();
    const own = ownEdit(snippet, 'S (shared)', store);
    expect(own).toEqual({ edit: { code: 'A (mine)', base: 'v1', savedAt: 1 }, inBackup: false });
    expect(loadEdit(snippet, store)?.code).toBe('A (mine)');
    expect(loadBackup(snippet, store)).toBeNull();
  });

  it('editing the shared code moves the own edit to the backup slot; a reload can restore it', () => {
    const store = withOwnEdit();
    // The reader types a character into the shared code: the save is marked shared.
    saveEdit(snippet, 'S (shared)!', ORIGINAL, 'v1', store, 2, true);
    expect(loadEdit(snippet, store)).toEqual({ code: 'S (shared)!', base: 'v1', savedAt: 2, shared: true });
    expect(loadBackup(snippet, store)?.code).toBe('A (mine)');
    // Further saves of the shared code never overwrite the backup with shared code.
    saveEdit(snippet, 'S (shared)!!', ORIGINAL, 'v1', store, 3, true);
    expect(loadBackup(snippet, store)?.code).toBe('A (mine)');
    // Reload without the hash: the shared edit is shown, A is offered and comes back.
    const own = ownEdit(snippet, 'S (shared)!!', store);
    expect(own?.inBackup).toBe(true);
    expect(takeOwn(snippet, 'S (shared)!!', ORIGINAL, store)?.code).toBe('A (mine)');
    expect(loadEdit(snippet, store)).toEqual({ code: 'A (mine)', base: 'v1', savedAt: 1 });
    expect(loadBackup(snippet, store)).toBeNull();
    expect(ownEdit(snippet, 'A (mine)', store)).toBeNull();
  });

  it('the own edit survives the shared code being edited back to the verified code, and 重置', () => {
    const store = withOwnEdit();
    expect(saveEdit(snippet, ORIGINAL, ORIGINAL, 'v1', store, 2, true)).toBe(false);
    expect(loadEdit(snippet, store)).toBeNull();
    expect(loadBackup(snippet, store)?.code).toBe('A (mine)');

    const other = withOwnEdit();
    clearEdit(snippet, other, true); // 重置 while shared code is shown, before any save
    expect(loadEdit(snippet, other)).toBeNull();
    expect(ownEdit(snippet, ORIGINAL, other)?.edit.code).toBe('A (mine)');
    clearEdit(snippet, other); // 重置 of the reader's own code forgets it, as before
    expect(loadBackup(snippet, other)?.code).toBe('A (mine)');
  });

  it('restoring over another own edit keeps that one in the backup in turn; 删除之前的修改 forgets the backup', () => {
    const store = withOwnEdit();
    saveEdit(snippet, 'S', ORIGINAL, 'v1', store, 2, true); // A -> backup
    clearEdit(snippet, store, true); // 重置 (the shared edit is not the reader's own: not kept)
    saveEdit(snippet, 'C (mine, later)', ORIGINAL, 'v1', store, 3);
    expect(takeOwn(snippet, 'C (mine, later)', ORIGINAL, store)?.code).toBe('A (mine)');
    expect(loadEdit(snippet, store)?.code).toBe('A (mine)');
    expect(loadBackup(snippet, store)?.code).toBe('C (mine, later)');
    clearBackup(snippet, store);
    expect(loadBackup(snippet, store)).toBeNull();
    expect(takeOwn(snippet, 'A (mine)', ORIGINAL, store)).toBeNull();
  });

  it('nothing to offer when the shared code is the own edit, or when there is no own edit', () => {
    const store = withOwnEdit();
    expect(ownEdit(snippet, 'A (mine)', store)).toBeNull();
    expect(ownEdit('rmsnorm/rmsnorm', 'S', store)).toBeNull();
    expect(ownEdit(snippet, 'S', null)).toBeNull();
  });
});
