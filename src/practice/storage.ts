/**
 * The reader's practice progress, kept in localStorage under one key (PROGRESS_KEY) whose value says
 * which app wrote it and in which format version. Cards are keyed by question slug, never by
 * position, so progress survives new questions, reordering, removed pages and redeploys (a card of a
 * page that is gone is kept, and comes back with the page).
 *
 * Anything that is not progress this code can read (bad JSON, another app's data, a newer version, a
 * malformed card) is never deleted: it is copied as it was to a key of its own (SET_ASIDE_PREFIX + the
 * time), the page starts from empty progress and reports what it did (LoadResult.setAside).
 *
 * No scheduling here (schedule.ts owns ts-fsrs): the question pages' small controls import this file
 * and must stay light.
 */

/** The part of the Web Storage API we use (a Map-backed fake in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The one localStorage key of practice progress. */
export const PROGRESS_KEY = 'bagu-practice';
/** Unreadable data found under PROGRESS_KEY is moved to `${SET_ASIDE_PREFIX}<ISO time>`. */
export const SET_ASIDE_PREFIX = 'bagu-practice:set-aside:';
/** Written into every saved value and export, so foreign JSON is told apart from ours. */
export const APP_ID = 'bagu-practice';
/** The format this code writes. Version 1 (ts-fsrs 4 cards, dates as ISO strings) is migrated on read. */
export const VERSION = 2;

/** One card's scheduling state: ts-fsrs's Card with dates as ms since epoch. */
export interface StoredCard {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning. */
  state: 0 | 1 | 2 | 3;
  last_review?: number;
}

/** Everything saved: the scheduling state of each card seen, and the cards marked 待复习. */
export interface Progress {
  app: typeof APP_ID;
  version: typeof VERSION;
  /** slug -> state; a slug absent here is a new card. */
  cards: Record<string, StoredCard>;
  /** slug -> when it was marked 待复习 (ms since epoch). */
  marked: Record<string, number>;
  /** ms since epoch of the last change. */
  savedAt: number;
}

export const emptyProgress = (): Progress => ({ app: APP_ID, version: VERSION, cards: {}, marked: {}, savedAt: 0 });

export type ParseResult = { ok: true; progress: Progress; migratedFrom?: number } | { ok: false; reason: string };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** ms since epoch from a number or an ISO string (version 1), or NaN. */
function time(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string') return Date.parse(v);
  return NaN;
}

/** A card read from `v` (either version), or a sentence saying what is wrong with it. */
function readCard(v: unknown, version: number): StoredCard | string {
  if (!isObject(v)) return 'is not an object';
  const due = time(v.due);
  if (!Number.isFinite(due)) return 'has no valid "due" date';
  if (version === 2 && typeof v.due !== 'number') return '"due" is not a number';
  for (const f of ['stability', 'difficulty'] as const) {
    if (!isFiniteNumber(v[f]) || v[f] < 0) return `"${f}" is not a non-negative number`;
  }
  const steps = version === 1 ? 0 : v.learning_steps;
  for (const [f, n] of [
    ['elapsed_days', v.elapsed_days],
    ['scheduled_days', v.scheduled_days],
    ['learning_steps', steps],
    ['reps', v.reps],
    ['lapses', v.lapses],
  ] as const) {
    if (!isCount(n)) return `"${f}" is not a whole number >= 0`;
  }
  if (v.state !== 0 && v.state !== 1 && v.state !== 2 && v.state !== 3) return '"state" is not 0, 1, 2 or 3';
  const card: StoredCard = {
    due,
    stability: v.stability as number,
    difficulty: v.difficulty as number,
    elapsed_days: v.elapsed_days as number,
    scheduled_days: v.scheduled_days as number,
    learning_steps: steps as number,
    reps: v.reps as number,
    lapses: v.lapses as number,
    state: v.state,
  };
  if (v.last_review !== undefined && v.last_review !== null) {
    const last = time(v.last_review);
    if (!Number.isFinite(last)) return '"last_review" is not a valid date';
    card.last_review = last;
  }
  return card;
}

/**
 * Reads progress from parsed JSON: this version as it is, version 1 migrated (ISO dates become ms,
 * learning_steps starts at 0, the `review` list of slugs becomes `marked`). Anything else is refused
 * with a reason a reader can act on (in Chinese: it is shown on the page).
 */
export function parseProgress(data: unknown): ParseResult {
  if (!isObject(data) || data.app !== APP_ID)
    return { ok: false, reason: '不是本站的刷题进度（缺少 "app": "bagu-practice"）' };
  const version = data.version;
  if (version !== 1 && version !== VERSION) {
    return {
      ok: false,
      reason:
        typeof version === 'number' && version > VERSION
          ? `由更新的版本（格式 ${version}）保存，这一版只读得懂格式 1 到 ${VERSION}`
          : `格式版本 ${JSON.stringify(version)} 无法识别`,
    };
  }
  if (!isObject(data.cards)) return { ok: false, reason: '缺少 "cards" 对象' };
  const progress = emptyProgress();
  for (const [slug, raw] of Object.entries(data.cards)) {
    if (!SLUG.test(slug)) return { ok: false, reason: `卡片名 ${JSON.stringify(slug)} 不是题目的 slug` };
    const card = readCard(raw, version);
    if (typeof card === 'string') return { ok: false, reason: `卡片 ${slug} 的数据有误：${card}` };
    progress.cards[slug] = card;
  }
  if (version === 1) {
    const review = data.review ?? [];
    if (!Array.isArray(review) || !review.every((s) => typeof s === 'string' && SLUG.test(s)))
      return { ok: false, reason: '"review" 不是 slug 列表' };
    for (const slug of review as string[]) progress.marked[slug] = 0;
  } else {
    if (!isObject(data.marked)) return { ok: false, reason: '缺少 "marked" 对象' };
    for (const [slug, at] of Object.entries(data.marked)) {
      if (!SLUG.test(slug) || !isFiniteNumber(at))
        return { ok: false, reason: `待复习标记 ${JSON.stringify(slug)} 的数据有误` };
      progress.marked[slug] = at;
    }
  }
  const savedAt = time(data.savedAt);
  progress.savedAt = Number.isFinite(savedAt) ? savedAt : 0;
  return version === 1 ? { ok: true, progress, migratedFrom: 1 } : { ok: true, progress };
}

/** parseProgress over JSON text (an imported file, a stored value). */
export function parseProgressText(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: '不是有效的 JSON' };
  }
  return parseProgress(data);
}

/** What load() found. */
export interface LoadResult {
  progress: Progress;
  /** Where unreadable data was moved, and why; the page reports it. */
  setAside?: { key: string; reason: string };
  /** The stored value was in this older version and has been rewritten in the current one. */
  migratedFrom?: number;
  /** localStorage is missing or throws: progress lasts for this page only. */
  unavailable?: boolean;
}

/** window.localStorage, or null where reading it throws (blocked storage). */
export function defaultStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Reads the progress; unreadable data is set aside (copied to its own key, then replaced by empty progress). */
export function load(store: KeyValueStore | null = defaultStore(), now = Date.now()): LoadResult {
  let raw: string | null;
  try {
    if (!store) throw new Error('no storage');
    raw = store.getItem(PROGRESS_KEY);
  } catch {
    return { progress: emptyProgress(), unavailable: true };
  }
  if (raw === null) return { progress: emptyProgress() };
  const parsed = parseProgressText(raw);
  if (parsed.ok) {
    if (parsed.migratedFrom === undefined) return { progress: parsed.progress };
    save(parsed.progress, store);
    return { progress: parsed.progress, migratedFrom: parsed.migratedFrom };
  }
  const key = SET_ASIDE_PREFIX + new Date(now).toISOString();
  try {
    store.setItem(key, raw);
    store.removeItem(PROGRESS_KEY);
  } catch {
    // Could not copy it (quota): leave it where it is, untouched; this page works from empty progress.
    return { progress: emptyProgress(), setAside: { key: PROGRESS_KEY, reason: parsed.reason } };
  }
  return { progress: emptyProgress(), setAside: { key, reason: parsed.reason } };
}

/** Writes `progress`; false when storage refuses (private mode, quota). */
export function save(progress: Progress, store: KeyValueStore | null = defaultStore()): boolean {
  try {
    if (!store) return false;
    store.setItem(PROGRESS_KEY, JSON.stringify(progress));
    return true;
  } catch {
    return false;
  }
}

/** Reads, changes and writes back in one step, so two tabs' changes to different cards both land. */
export function update(
  change: (p: Progress) => void,
  store: KeyValueStore | null = defaultStore(),
  now = Date.now(),
): LoadResult & { saved: boolean } {
  const result = load(store, now);
  change(result.progress);
  result.progress.savedAt = now;
  return { ...result, saved: save(result.progress, store) };
}

/** Marks or unmarks `slug` as 待复习. */
export function setMarked(p: Progress, slug: string, marked: boolean, now = Date.now()): void {
  if (marked) p.marked[slug] = now;
  else delete p.marked[slug];
}
