import { describe, expect, it } from 'vitest';
import {
  isFinal,
  isPageMessage,
  isRunError,
  isValue,
  isWorkerMessage,
  type WorkerMessage,
} from '../../../src/runner/shared/protocol';

/** What crosses postMessage: structured clone. */
const roundTrip = <T>(x: T): T => structuredClone(x);

const valid: WorkerMessage[] = [
  {
    type: 'backend',
    id: 1,
    backend: 'webgl',
    requested: 'webgpu',
    fallbacks: [{ backend: 'webgpu', reason: 'no adapter' }],
    loadMs: 12,
  },
  { type: 'started', id: 1 },
  {
    type: 'console',
    id: 1,
    level: 'log',
    args: [
      { kind: 'string', text: 'x =' },
      {
        kind: 'tensor',
        dtype: 'float32',
        shape: [2],
        size: 2,
        values: [1, NaN],
        complete: true,
        stats: { min: 1, max: 1, mean: 1 },
      },
      { kind: 'object', ctor: null, entries: [['a', { kind: 'number', value: Infinity }]], truncated: false },
    ],
  },
  {
    type: 'done',
    id: 1,
    backend: 'cpu',
    elapsedMs: 3.2,
    leakedTensors: 0,
    result: [{ name: 'y', value: { kind: 'numeric', shape: [2, 2], values: [1, 2, 3, 4], complete: true } }],
  },
  {
    type: 'failed',
    id: 2,
    error: { kind: 'syntax', name: 'SyntaxError', message: 'Unexpected token', line: 3, column: 9 },
    fatal: false,
  },
  { type: 'uncaught', id: 2, error: { kind: 'context-lost', name: 'ContextLost', message: 'gone' }, fatal: true },
  { type: 'omitted', id: 2, count: 12345 },
];

describe('worker -> page messages', () => {
  it('accepts every message kind, also after structured clone (NaN, Infinity survive)', () => {
    for (const m of valid) {
      expect(isWorkerMessage(m), m.type).toBe(true);
      expect(isWorkerMessage(roundTrip(m)), m.type).toBe(true);
    }
    const cloned = roundTrip(valid[2]!) as Extract<WorkerMessage, { type: 'console' }>;
    expect(cloned.args[1]).toMatchObject({ values: [1, NaN] });
  });

  it('rejects malformed messages', () => {
    const bad: unknown[] = [
      null,
      'done',
      {},
      { type: 'started' },
      { type: 'started', id: -1 },
      { type: 'started', id: 1.5 },
      { type: 'nope', id: 1 },
      { type: 'backend', id: 1, backend: 'auto', requested: 'auto', fallbacks: [], loadMs: 0 }, // auto is not a concrete backend
      { type: 'console', id: 1, level: 'shout', args: [] },
      { type: 'console', id: 1, level: 'log', args: [{ kind: 'mystery' }] },
      {
        type: 'done',
        id: 1,
        backend: 'cpu',
        elapsedMs: 1,
        leakedTensors: 0,
        result: [{ name: 3, value: { kind: 'number', value: 1 } }],
      },
      { type: 'failed', id: 1, error: { kind: 'weird', name: 'E', message: 'm' }, fatal: false },
      { type: 'failed', id: 1, error: { kind: 'runtime', name: 'E', message: 'm', line: 0 }, fatal: false },
      { type: 'failed', id: 1, error: { kind: 'runtime', name: 'E', message: 'm' } },
      { type: 'omitted', id: 1 },
      { type: 'omitted', id: 1, count: -3 },
    ];
    for (const m of bad) expect(isWorkerMessage(m), JSON.stringify(m)).toBe(false);
  });

  it('marks done and failed, and only those, as final', () => {
    expect(valid.filter(isFinal).map((m) => m.type)).toEqual(['done', 'failed']);
  });
});

describe('page -> worker messages', () => {
  it('accepts run and prepare; rejects unknown backends and missing fields', () => {
    expect(isPageMessage({ type: 'run', id: 3, code: 'x', backend: 'wasm' })).toBe(true);
    expect(isPageMessage({ type: 'prepare', backend: 'auto' })).toBe(true);
    expect(isPageMessage({ type: 'run', id: 3, code: 'x', backend: 'cuda' })).toBe(false);
    expect(isPageMessage({ type: 'run', id: 3, backend: 'cpu' })).toBe(false);
    expect(isPageMessage({ type: 'prepare' })).toBe(false);
  });
});

describe('values and errors', () => {
  it('checks nested values', () => {
    expect(isValue({ kind: 'list', items: [{ kind: 'primitive', text: 'null' }], length: 1 })).toBe(true);
    expect(isValue({ kind: 'list', items: [{ kind: 'list' }], length: 1 })).toBe(false);
    expect(isValue({ kind: 'error', name: 'E', message: 'm' })).toBe(true);
    expect(isRunError({ kind: 'timeout', name: 'Timeout', message: 'm' })).toBe(true);
    expect(isRunError({ kind: 'timeout', name: 'Timeout' })).toBe(false);
  });
});
