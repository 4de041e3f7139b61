import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, SHARE_PREFIX, shareUrl, type SharePayload } from '../../../src/runner/share';
import { BACKEND_KEY, clearEdit, editKey, loadBackend, loadEdit, saveBackend, saveEdit, type KeyValueStore } from '../../../src/runner/storage';
import { readFileSync } from 'node:fs';

const code = readFileSync('snippets/rope/rope.ts', 'utf8');

describe('share links', () => {
  const payload: SharePayload = { snippet: 'rope/rope', code: `${code}\n// 改：θ_i 用 base^(−2i/d) \u{1F600}`, backend: 'wasm', version: 'abc123def0' };

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

class MemoryStore implements KeyValueStore {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

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
      getItem: () => { throw new Error('SecurityError'); },
      setItem: () => { throw new Error('QuotaExceededError'); },
      removeItem: () => { throw new Error('SecurityError'); },
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
