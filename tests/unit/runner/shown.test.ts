import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ShownCode, type ShownState } from '../../../src/runner/page/shown';
import { backupKey, editKey, loadBackup, loadEdit, saveEdit } from '../../../src/runner/page/storage';
import { MemoryStore } from '../memory-store';

let store: MemoryStore;
let shown: ShownCode;
let seen: ShownState[];

beforeEach(() => {
  vi.useFakeTimers();
  store = new MemoryStore();
  shown = new ShownCode('rope/rope', 'verified', 'v2', store);
  seen = [];
  shown.subscribe((s) => seen.push({ ...s }));
});
afterEach(() => vi.useRealTimers());

describe('ShownCode: the one owner of the shown code', () => {
  it('starts on the verified code and tells listeners of every change, with its origin', () => {
    expect([shown.code, shown.origin, shown.modified]).toEqual(['verified', 'verified', false]);
    shown.edit('mine');
    expect(seen).toEqual([{ code: 'mine', origin: 'edit' }]);
    expect(shown.modified).toBe(true);
    shown.edit('verified'); // typed back to the original: no edit
    expect(seen.at(-1)).toEqual({ code: 'verified', origin: 'verified' });
  });

  it('saves the reader’s typing after a pause, and only that', () => {
    shown.edit('mine');
    expect(loadEdit('rope/rope', store)).toBeNull();
    vi.advanceTimersByTime(300);
    expect(loadEdit('rope/rope', store)).toMatchObject({ code: 'mine', base: 'v2' });
    shown.show('shared', 'share');
    vi.advanceTimersByTime(300);
    expect(loadEdit('rope/rope', store)?.code).toBe('mine'); // shown, not stored
  });

  it('loads a saved edit (shared or not) and says what it was based on', () => {
    saveEdit('rope/rope', 'old edit', 'verified', 'v1', store);
    expect(shown.loadSaved()).toEqual({ base: 'v1' });
    expect([shown.code, shown.origin]).toEqual(['old edit', 'edit']);
    const other = new ShownCode('rope/rope', 'verified', 'v2', store);
    saveEdit('rope/rope', 'from a link', 'verified', 'v2', store, 0, true);
    other.loadSaved();
    expect(other.origin).toBe('share');
  });

  it('a share link first saves pending typing; editing shared code keeps the reader’s edit in the backup', () => {
    shown.edit('mine');
    shown.show('shared', 'share'); // before the pause ended
    expect(loadEdit('rope/rope', store)?.code).toBe('mine');
    shown.edit('shared, edited');
    expect(shown.origin).toBe('share');
    vi.advanceTimersByTime(300);
    expect(loadEdit('rope/rope', store)).toMatchObject({ code: 'shared, edited', shared: true });
    expect(loadBackup('rope/rope', store)?.code).toBe('mine');
  });

  it('重置 shows the verified code, forgets the edit, drops pending typing', () => {
    shown.edit('mine');
    vi.advanceTimersByTime(300);
    shown.edit('mine, more');
    shown.reset();
    vi.advanceTimersByTime(300);
    expect([shown.code, shown.origin]).toEqual(['verified', 'verified']);
    expect(store.map.has(editKey('rope/rope'))).toBe(false);
    expect(store.map.has(backupKey('rope/rope'))).toBe(false);
  });

  it('showing the backup drops typing not yet saved (the backup has just become the saved edit)', () => {
    shown.show('shared', 'share');
    shown.edit('shared, typing');
    shown.show('mine', 'backup');
    vi.advanceTimersByTime(300);
    expect(loadEdit('rope/rope', store)).toBeNull();
    expect([shown.code, shown.origin]).toEqual(['mine', 'backup']);
  });
});
