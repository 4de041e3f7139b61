/**
 * Console capture: every method of `console` a reader can call, turned into lines for the output
 * panel, so that nothing goes only to DevTools. log / info / warn / error / debug pass their
 * arguments through; the others are worded the way Chromium's and Node's consoles word them
 * (`label: 1.23 ms`, `Assertion failed: …`, `Trace: …` with the reader's line numbers), a table
 * becomes a table, and groups indent what follows. No tfjs and no DOM: the worker describes the
 * values and posts the lines (worker.ts), the tests call it directly.
 */
import type { ConsoleLevel } from '../shared/protocol';

/** console.table's data, still as raw values (the worker describes each cell). */
export interface RawTable {
  columns: string[];
  rows: { index: string; cells: unknown[]; has: boolean[] }[];
}

/** One line for the panel. */
export interface CapturedLine {
  level: ConsoleLevel;
  args: unknown[];
  /** How many console.group()s it is inside. */
  depth: number;
  table?: RawTable;
}

export interface CaptureOptions {
  emit(line: CapturedLine): void;
  now(): number;
  /** Where in the reader's code the current call stack is, innermost first, e.g. `第 5 行，第 3 列`. */
  frames(): string[];
}

/** The methods this module words itself; any other function on `console` gets a one-line note. */
export const CAPTURED_METHODS = [
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'dir',
  'dirxml',
  'table',
  'trace',
  'assert',
  'count',
  'countReset',
  'time',
  'timeLog',
  'timeEnd',
  'group',
  'groupCollapsed',
  'groupEnd',
  'clear',
] as const;

/** Most rows and columns a table shows (the rest is said in a note). */
const MAX_ROWS = 200;
const MAX_COLUMNS = 20;

const ms = (x: number) => `${Number(x.toFixed(3))} ms`;

/** console.table(data, columns) as rows and columns, the way Chromium lays it out; null when data is not an object. */
export function tableOf(data: unknown, only?: unknown): RawTable | null {
  if (typeof data !== 'object' || data === null) return null;
  const entries: [string, unknown][] =
    data instanceof Map
      ? [...data.entries()].map(([k, v]) => [String(k), v])
      : data instanceof Set
        ? [...data].map((v, i) => [String(i), v])
        : Object.entries(data);
  const rows = entries.slice(0, MAX_ROWS);
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  let columns: string[] = [];
  let values = false;
  for (const [, row] of rows) {
    if (isRecord(row)) {
      for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
    } else values = true;
  }
  if (Array.isArray(only)) columns = only.map(String);
  columns = columns.slice(0, MAX_COLUMNS);
  const all = values ? [...columns, 'Values'] : columns;
  return {
    columns: all,
    rows: rows.map(([index, row]) => {
      const cells: unknown[] = [];
      const has: boolean[] = [];
      for (const c of columns) {
        const ok = isRecord(row) && c in row;
        cells.push(ok ? row[c] : undefined);
        has.push(ok);
      }
      if (values) {
        cells.push(isRecord(row) ? undefined : row);
        has.push(!isRecord(row));
      }
      return { index, cells, has };
    }),
  };
}

/** A console whose every method reports through `opts.emit`; `reset()` starts a new run. */
export function createCapture(opts: CaptureOptions): {
  methods: Record<string, (...args: unknown[]) => void>;
  /** The note for a console method the capture does not know (e.g. console.profile). */
  other(name: string): (...args: unknown[]) => void;
  reset(): void;
} {
  let depth = 0;
  const timers = new Map<string, number>();
  const counts = new Map<string, number>();
  const emit = (level: ConsoleLevel, args: unknown[], table?: RawTable) =>
    opts.emit(table ? { level, args, depth, table } : { level, args, depth });
  const label = (x: unknown) => (x === undefined ? 'default' : String(x));
  const methods: Record<string, (...args: unknown[]) => void> = {
    log: (...a) => emit('log', a),
    info: (...a) => emit('info', a),
    warn: (...a) => emit('warn', a),
    error: (...a) => emit('error', a),
    debug: (...a) => emit('debug', a),
    dir: (obj) => emit('log', [obj]),
    dirxml: (...a) => emit('log', a),
    table: (data, columns) => {
      const table = tableOf(data, columns);
      emit('log', [data], table ?? undefined);
      if (table && table.rows.length < Object.keys(data as object).length)
        emit('info', [`（表格只显示前 ${table.rows.length} 行）`]);
    },
    trace: (...a) => {
      const where = opts.frames();
      const text = ['Trace:', ...(a.length ? a : ['console.trace'])];
      emit('log', where.length ? [...text, `\n    at ${where.join('\n    at ')}`] : text);
    },
    assert: (condition, ...a) => {
      if (condition) return;
      emit('error', a.length ? ['Assertion failed:', ...a] : ['Assertion failed: console.assert']);
    },
    count: (l) => {
      const key = label(l);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      emit('log', [`${key}: ${n}`]);
    },
    countReset: (l) => {
      const key = label(l);
      if (counts.has(key)) counts.set(key, 0);
      else emit('warn', [`Count for '${key}' does not exist`]);
    },
    time: (l) => {
      const key = label(l);
      if (timers.has(key)) emit('warn', [`Timer '${key}' already exists`]);
      else timers.set(key, opts.now());
    },
    timeLog: (l, ...a) => {
      const key = label(l);
      const t0 = timers.get(key);
      if (t0 === undefined) emit('warn', [`Timer '${key}' does not exist`]);
      else emit('log', [`${key}: ${ms(opts.now() - t0)}`, ...a]);
    },
    timeEnd: (l) => {
      const key = label(l);
      const t0 = timers.get(key);
      if (t0 === undefined) return emit('warn', [`Timer '${key}' does not exist`]);
      timers.delete(key);
      emit('log', [`${key}: ${ms(opts.now() - t0)} - timer ended`]);
    },
    group: (...a) => {
      emit('log', a.length ? a : ['console.group']);
      depth++;
    },
    groupCollapsed: (...a) => {
      emit('log', a.length ? a : ['console.groupCollapsed']);
      depth++;
    },
    groupEnd: () => {
      depth = Math.max(0, depth - 1);
    },
    clear: () => emit('info', ['console.clear()：输出面板不清空，之前的输出仍然保留。']),
  };
  return {
    methods,
    other: (name) => () => emit('info', [`console.${name}() 只在浏览器的开发者工具里有效果，这里没有输出。`]),
    reset() {
      depth = 0;
      timers.clear();
      counts.clear();
    },
  };
}
