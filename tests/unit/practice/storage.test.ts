// Saved progress: read and written under one key, version 1 migrated, anything unreadable set aside
// (copied to a key of its own, never deleted) and reported, a missing or throwing store tolerated.
import { describe, expect, test } from 'vitest';
import {
  APP_ID,
  PROGRESS_KEY,
  SET_ASIDE_PREFIX,
  VERSION,
  emptyProgress,
  load,
  save,
  update,
  type KeyValueStore,
  type Progress,
} from '../../../src/practice/storage.ts';
import { grade } from '../../../src/practice/schedule.ts';
import { MemoryStore } from '../memory-store';

const T0 = Date.UTC(2026, 0, 5, 9, 30);

const storeWith = (value: string) => {
  const s = new MemoryStore();
  s.setItem(PROGRESS_KEY, value);
  return s;
};

describe('load and save', () => {
  test('nothing stored: empty progress, nothing reported, nothing written', () => {
    const s = new MemoryStore();
    expect(load(s, T0)).toEqual({ progress: emptyProgress() });
    expect(s.map.size).toBe(0);
  });

  test('a saved progress reads back exactly, cards keyed by slug', () => {
    const s = new MemoryStore();
    const p: Progress = { ...emptyProgress(), savedAt: T0 };
    p.cards['rope'] = grade(undefined, 3, T0);
    p.cards['a-page-since-removed'] = grade(undefined, 1, T0);
    p.marked['rmsnorm'] = T0;
    expect(save(p, s)).toBe(true);
    expect(JSON.parse(s.getItem(PROGRESS_KEY)!)).toMatchObject({ app: APP_ID, version: VERSION });
    expect(load(s, T0 + 1)).toEqual({ progress: p });
  });

  test('update reads, changes and writes back what another tab saved meanwhile', () => {
    const s = new MemoryStore();
    update((p) => (p.marked['rope'] = 1), s, T0);
    update((p) => (p.cards['glu'] = grade(undefined, 3, T0)), s, T0 + 5);
    const { progress } = load(s);
    expect(Object.keys(progress.marked)).toEqual(['rope']);
    expect(Object.keys(progress.cards)).toEqual(['glu']);
    expect(progress.savedAt).toBe(T0 + 5);
  });
});

describe('migration from version 1', () => {
  // Version 1: ts-fsrs 4 cards as JSON.stringify wrote them (ISO dates, no learning_steps), and the
  // 待复习 list as an array of slugs.
  const v1 = {
    app: 'bagu-practice',
    version: 1,
    savedAt: '2025-11-02T08:00:00.000Z',
    cards: {
      rope: {
        due: '2025-11-12T08:00:00.000Z',
        stability: 9.5,
        difficulty: 4.9,
        elapsed_days: 3,
        scheduled_days: 10,
        reps: 4,
        lapses: 0,
        state: 2,
        last_review: '2025-11-02T08:00:00.000Z',
      },
      alibi: {
        due: '2025-11-02T08:10:00.000Z',
        stability: 0.4,
        difficulty: 7,
        elapsed_days: 0,
        scheduled_days: 0,
        reps: 1,
        lapses: 0,
        state: 1,
      },
    },
    review: ['rmsnorm', 'rope'],
  };

  test('is read into the current format and written back in it', () => {
    const s = storeWith(JSON.stringify(v1));
    const r = load(s, T0);
    expect(r.migratedFrom).toBe(1);
    expect(r.setAside).toBeUndefined();
    expect(r.progress.version).toBe(VERSION);
    expect(r.progress.cards['rope']).toEqual({
      due: Date.parse('2025-11-12T08:00:00.000Z'),
      stability: 9.5,
      difficulty: 4.9,
      elapsed_days: 3,
      scheduled_days: 10,
      learning_steps: 0,
      reps: 4,
      lapses: 0,
      state: 2,
      last_review: Date.parse('2025-11-02T08:00:00.000Z'),
    });
    expect(r.progress.cards['alibi']!.last_review).toBeUndefined();
    expect(Object.keys(r.progress.marked).sort()).toEqual(['rmsnorm', 'rope']);
    expect(r.progress.savedAt).toBe(Date.parse(v1.savedAt));
    const stored = JSON.parse(s.getItem(PROGRESS_KEY)!) as Progress;
    expect(stored.version).toBe(VERSION);
    expect(load(s, T0)).toEqual({ progress: r.progress }); // the second read needs no migration
  });

  test('a migrated card schedules on with ts-fsrs', () => {
    const { progress } = load(storeWith(JSON.stringify(v1)), T0);
    const next = grade(progress.cards['rope'], 3, Date.parse('2025-11-12T09:00:00.000Z'));
    expect(next.reps).toBe(5);
    expect(next.due).toBeGreaterThan(Date.parse('2025-11-20T00:00:00.000Z'));
  });
});

describe('corrupt or foreign data is set aside, reported, and the page keeps working', () => {
  const cases: [string, string, RegExp][] = [
    ['truncated JSON', '{"app":"bagu-practice","version":2,"cards":{"rope":{"due":17', /不是有效的 JSON/],
    ['another app', JSON.stringify({ theme: 'dark', items: [1, 2] }), /不是本站的刷题进度/],
    ['a JSON array', '[1,2,3]', /不是本站的刷题进度/],
    ['a newer version', JSON.stringify({ app: APP_ID, version: 7, cards: {}, marked: {} }), /更新的版本（格式 7）/],
    [
      'a card with a negative stability',
      JSON.stringify({
        app: APP_ID,
        version: 2,
        savedAt: 0,
        marked: {},
        cards: { rope: { ...grade(undefined, 3, T0), stability: -1 } },
      }),
      /卡片 rope 的数据有误："stability"/,
    ],
    [
      'a card with a string date in version 2',
      JSON.stringify({
        app: APP_ID,
        version: 2,
        savedAt: 0,
        marked: {},
        cards: { rope: { ...grade(undefined, 3, T0), due: '2026-01-01' } },
      }),
      /卡片 rope/,
    ],
    [
      'an unknown state',
      JSON.stringify({
        app: APP_ID,
        version: 2,
        savedAt: 0,
        marked: {},
        cards: { rope: { ...grade(undefined, 3, T0), state: 9 } },
      }),
      /"state"/,
    ],
    [
      'a key that is no slug',
      JSON.stringify({
        app: APP_ID,
        version: 2,
        savedAt: 0,
        marked: {},
        cards: { 'Not A Slug': grade(undefined, 3, T0) },
      }),
      /不是题目的 slug/,
    ],
    [
      'marked as a list',
      JSON.stringify({ app: APP_ID, version: 2, savedAt: 0, marked: ['rope'], cards: {} }),
      /"marked"/,
    ],
  ];
  for (const [what, raw, reason] of cases) {
    test(what, () => {
      const s = storeWith(raw);
      const r = load(s, T0);
      expect(r.progress).toEqual(emptyProgress());
      expect(r.setAside?.reason).toMatch(reason);
      const key = `${SET_ASIDE_PREFIX}${new Date(T0).toISOString()}`;
      expect(r.setAside?.key).toBe(key);
      expect(s.getItem(key)).toBe(raw); // kept byte for byte
      expect(s.getItem(PROGRESS_KEY)).toBeNull();
      // the page goes on: the next change saves normally and the set-aside copy stays
      update((p) => (p.marked['rope'] = T0), s, T0 + 1);
      expect(load(s).progress.marked).toEqual({ rope: T0 });
      expect(s.getItem(key)).toBe(raw);
    });
  }

  test('when the copy cannot be written (quota), the data stays where it was, untouched', () => {
    const s = storeWith('not json');
    s.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const r = load(s, T0);
    expect(r.setAside).toEqual({ key: PROGRESS_KEY, reason: '不是有效的 JSON' });
    expect(s.map.get(PROGRESS_KEY)).toBe('not json');
  });

  test('storage that throws or is missing: empty progress, reported as unavailable, saves return false', () => {
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => undefined,
    };
    expect(load(throwing)).toEqual({ progress: emptyProgress(), unavailable: true });
    expect(load(null)).toEqual({ progress: emptyProgress(), unavailable: true });
    expect(save(emptyProgress(), throwing)).toBe(false);
    expect(update(() => undefined, throwing).saved).toBe(false);
  });
});
