/**
 * The messages between the page (client.ts) and the runner worker (worker.ts), as discriminated
 * unions on `type`, plus the serialisable description of values (`Value`) that console lines and
 * main()'s result travel as. Everything here survives structured clone: plain objects, arrays,
 * numbers and strings, no class instances.
 *
 * Both sides validate what they receive with the type guards below rather than trusting `any`:
 * a stale worker from an older deploy or a stray postMessage must not crash the page.
 */
import { isBackendChoice, type BackendChoice, type BackendName } from './config';
import type { SnippetModule } from './modules';

// ---------------------------------------------------------------------------------------------
// Values

/** A tfjs tensor, read back from the backend. */
export interface TensorValue {
  kind: 'tensor';
  dtype: string;
  shape: number[];
  /** Element count (product of shape). */
  size: number;
  /** Row-major values; the first `values.length` of `size` when `complete` is false. */
  values: number[] | string[];
  complete: boolean;
  /** min / max / mean over all elements (numeric dtypes; absent when the tensor is empty). */
  stats?: { min: number; max: number; mean: number };
}

/** A plain JS array of numbers that is rectangular: number[] (shape [n]) or number[][] ([r, c]), … */
export interface NumericValue {
  kind: 'numeric';
  shape: number[];
  values: number[];
  complete: boolean;
}

/** Any other value, described for display. */
export type Value =
  | TensorValue
  | NumericValue
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  /** boolean, null, undefined, bigint, symbol, function: already rendered as text. */
  | { kind: 'primitive'; text: string }
  | { kind: 'list'; items: Value[]; length: number }
  | { kind: 'object'; ctor: string | null; entries: [string, Value][]; truncated: boolean }
  | { kind: 'error'; name: string; message: string };

/** One named value returned by main(). */
export interface ResultEntry {
  name: string;
  value: Value;
}

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * What went wrong, so the page can word it and decide whether the worker must be replaced:
 * - syntax / import: found before any code ran (sucrase, import checks)
 * - runtime: thrown by the reader's code or by tfjs while running it
 * - unhandled: an unhandled promise rejection or an error thrown from a callback
 * - memory: an allocation failed (ArrayBuffer, WebGL texture, WebGPU buffer)
 * - context-lost: the WebGL context or WebGPU device went away
 * - timeout / stopped: the page terminated the worker
 * - internal: the runner itself failed (a module did not load, …)
 */
export type ErrorKind =
  'syntax' | 'import' | 'runtime' | 'unhandled' | 'memory' | 'context-lost' | 'timeout' | 'stopped' | 'internal';

export const ERROR_KINDS: readonly ErrorKind[] = [
  'syntax',
  'import',
  'runtime',
  'unhandled',
  'memory',
  'context-lost',
  'timeout',
  'stopped',
  'internal',
];

/** An error as reported to the reader. line / column are 1-based, in the reader's code. */
export interface RunError {
  kind: ErrorKind;
  name: string;
  message: string;
  line?: number;
  column?: number;
}

// ---------------------------------------------------------------------------------------------
// Page -> worker

/** Run `code` (the reader's TypeScript) on `backend`. */
export interface RunRequest {
  type: 'run';
  id: number;
  code: string;
  backend: BackendChoice;
  /** `topic/name` of the snippet the code is (an edit of), for resolving its relative imports. */
  path?: string;
  /** The verified snippets it may import, in dependency order (shared/modules.ts). */
  modules?: SnippetModule[];
}

/** Load tfjs and a backend ahead of a run (sent to a fresh worker after a restart). */
export interface PrepareRequest {
  type: 'prepare';
  backend: BackendChoice;
}

export type PageMessage = RunRequest | PrepareRequest;

// ---------------------------------------------------------------------------------------------
// Worker -> page

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';
export const CONSOLE_LEVELS: readonly ConsoleLevel[] = ['log', 'info', 'warn', 'error', 'debug'];

/** A backend that was asked for (or tried by 自动) but could not be used. */
export interface BackendFallback {
  backend: BackendName;
  reason: string;
}

/** The worker resolved the backend it will run on. */
export interface BackendMessage {
  type: 'backend';
  id: number;
  backend: BackendName;
  requested: BackendChoice;
  /** Backends tried before `backend`, with why each could not be used. */
  fallbacks: BackendFallback[];
  /** Time spent loading tfjs, the transpiler and the backend for this run (0 when warm). */
  loadMs: number;
}

/** The reader's code starts now: the page arms its timeout from here. */
export interface StartedMessage {
  type: 'started';
  id: number;
}

/** console.table's rows and columns; a cell the row does not have is null. */
export interface ConsoleTable {
  columns: string[];
  rows: { index: string; cells: (Value | null)[] }[];
}

/**
 * One console call (tensor.print() arrives as a log; console.table, dir, time, assert, trace, …
 * arrive worded as their level's line, worker/console.ts).
 */
export interface ConsoleMessage {
  type: 'console';
  id: number;
  level: ConsoleLevel;
  args: Value[];
  /** How many console.group()s the line is inside (absent: 0). */
  depth?: number;
  /** console.table: shown as a table instead of `args`. */
  table?: ConsoleTable;
}

/**
 * The run printed more console lines than the page is sent (MAX_CONSOLE_LINES in outbox.ts):
 * `count` lines have been left out so far. Sent now and then while it goes on, and once more
 * before the run's final message.
 */
export interface OmittedMessage {
  type: 'omitted';
  id: number;
  count: number;
}

/** main() resolved. */
export interface DoneMessage {
  type: 'done';
  id: number;
  backend: BackendName;
  /** Wall time of evaluating the module and awaiting main(), in ms. */
  elapsedMs: number;
  result: ResultEntry[];
  /** tf.memory().numTensors after the run minus before; returned tensors were disposed first. */
  leakedTensors: number;
}

/** The run failed. `fatal` means the worker should be replaced before the next run. */
export interface FailedMessage {
  type: 'failed';
  id: number;
  error: RunError;
  fatal: boolean;
}

/** An error that arrived outside the run's own promise chain (callbacks, rejections, lost GPU). */
export interface UncaughtMessage {
  type: 'uncaught';
  /** The run that was active, or the last one, when it happened. */
  id: number;
  error: RunError;
  fatal: boolean;
}

export type WorkerMessage =
  BackendMessage | StartedMessage | ConsoleMessage | OmittedMessage | DoneMessage | FailedMessage | UncaughtMessage;

// ---------------------------------------------------------------------------------------------
// Guards

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isBackendName = (x: unknown): x is BackendName => isBackendChoice(x) && x !== 'auto';

/** Checks a RunError's shape (kind known, name/message strings, optional 1-based positions). */
export function isRunError(x: unknown): x is RunError {
  if (!isObject(x)) return false;
  const posOk = (p: unknown) => p === undefined || (typeof p === 'number' && Number.isInteger(p) && p >= 1);
  return (
    typeof x['kind'] === 'string' &&
    (ERROR_KINDS as readonly string[]).includes(x['kind']) &&
    typeof x['name'] === 'string' &&
    typeof x['message'] === 'string' &&
    posOk(x['line']) &&
    posOk(x['column'])
  );
}

/** Shallow check of a Value: the discriminant and the fields each kind needs. */
export function isValue(x: unknown): x is Value {
  if (!isObject(x)) return false;
  switch (x['kind']) {
    case 'tensor':
      return (
        typeof x['dtype'] === 'string' &&
        Array.isArray(x['shape']) &&
        Array.isArray(x['values']) &&
        typeof x['size'] === 'number'
      );
    case 'numeric':
      return Array.isArray(x['shape']) && Array.isArray(x['values']);
    case 'string':
    case 'primitive':
      return typeof x['text'] === 'string';
    case 'number':
      return typeof x['value'] === 'number';
    case 'list':
      return Array.isArray(x['items']) && x['items'].every(isValue);
    case 'object':
      return (
        Array.isArray(x['entries']) &&
        x['entries'].every((e) => Array.isArray(e) && typeof e[0] === 'string' && isValue(e[1]))
      );
    case 'error':
      return typeof x['name'] === 'string' && typeof x['message'] === 'string';
    default:
      return false;
  }
}

function isTable(x: unknown): boolean {
  return (
    isObject(x) &&
    Array.isArray(x['columns']) &&
    x['columns'].every((c) => typeof c === 'string') &&
    Array.isArray(x['rows']) &&
    x['rows'].every(
      (r: unknown) =>
        isObject(r) &&
        typeof r['index'] === 'string' &&
        Array.isArray(r['cells']) &&
        r['cells'].every((c: unknown) => c === null || isValue(c)),
    )
  );
}

/** Validates a message received by the worker. */
export function isPageMessage(x: unknown): x is PageMessage {
  if (!isObject(x)) return false;
  if (x['type'] === 'run') {
    const modules = x['modules'];
    return (
      isId(x['id']) &&
      typeof x['code'] === 'string' &&
      isBackendChoice(x['backend']) &&
      (x['path'] === undefined || typeof x['path'] === 'string') &&
      (modules === undefined ||
        (Array.isArray(modules) &&
          modules.every((m: unknown) => isObject(m) && typeof m['path'] === 'string' && typeof m['code'] === 'string')))
    );
  }
  if (x['type'] === 'prepare') return isBackendChoice(x['backend']);
  return false;
}

/** Validates a message received by the page. */
export function isWorkerMessage(x: unknown): x is WorkerMessage {
  if (!isObject(x) || !isId(x['id'])) return false;
  switch (x['type']) {
    case 'backend':
      return (
        isBackendName(x['backend']) &&
        isBackendChoice(x['requested']) &&
        Array.isArray(x['fallbacks']) &&
        typeof x['loadMs'] === 'number'
      );
    case 'started':
      return true;
    case 'console':
      return (
        (CONSOLE_LEVELS as readonly unknown[]).includes(x['level']) &&
        Array.isArray(x['args']) &&
        x['args'].every(isValue) &&
        (x['depth'] === undefined || isId(x['depth'])) &&
        (x['table'] === undefined || isTable(x['table']))
      );
    case 'omitted':
      return isId(x['count']);
    case 'done':
      return (
        isBackendName(x['backend']) &&
        typeof x['elapsedMs'] === 'number' &&
        typeof x['leakedTensors'] === 'number' &&
        Array.isArray(x['result']) &&
        x['result'].every((e: unknown) => isObject(e) && typeof e['name'] === 'string' && isValue(e['value']))
      );
    case 'failed':
    case 'uncaught':
      return isRunError(x['error']) && typeof x['fatal'] === 'boolean';
    default:
      return false;
  }
}

/** Messages that end a run (exactly one per run id). */
export function isFinal(m: WorkerMessage): m is DoneMessage | FailedMessage {
  return m.type === 'done' || m.type === 'failed';
}
