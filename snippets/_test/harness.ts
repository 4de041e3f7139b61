// Shared plumbing for snippets/<topic>/<name>.test.ts: reference.json loading, backend setup,
// tolerance comparison over nested arrays, leak-checked calls. Not part of any snippet.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // registers 'wasm'; in Node it loads its .wasm from node_modules
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect } from 'vitest';

tf.env().set('IS_TEST', true); // silences the "use tfjs-node" banner

export const BACKENDS = ['cpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

export type Nested = number | Nested[];
export interface Tolerance {
  atol: number;
  rtol: number;
}
export interface Reference {
  generator: string;
  torch: string;
  tolerance: Tolerance;
  inputs: Record<string, unknown>;
  cases: Record<string, unknown>;
  notes?: unknown;
}

/** reference.json next to the calling test file (pass import.meta.url). */
export function loadReference(testFileUrl: string): Reference {
  return JSON.parse(readFileSync(new URL('./reference.json', testFileUrl), 'utf8')) as Reference;
}

/** JSON has no inf: reference.py writes "Infinity" / "-Infinity" as strings. */
export function decode(value: unknown): Nested {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (Array.isArray(value)) return value.map(decode);
  throw new Error(`not a number or nested array: ${JSON.stringify(value)}`);
}

/** A reference value as a number[] / number[][] (decoded). */
export function ref<T extends Nested>(reference: Reference, group: 'inputs' | 'cases', key: string): T {
  const value = reference[group][key];
  if (value === undefined) throw new Error(`reference.json has no ${group}.${key}`);
  return decode(value) as T;
}

export function shapeOf(value: Nested): number[] {
  return Array.isArray(value) ? [value.length, ...(value.length ? shapeOf(value[0] as Nested) : [])] : [];
}

/** numpy.allclose semantics: |a − e| ≤ atol + rtol·|e|; infinities must match exactly. */
export function expectClose(actual: Nested | undefined, expected: Nested, tol: Tolerance, label = 'value'): void {
  if (actual === undefined) throw new Error(`${label}: no value`);
  expect(shapeOf(actual), `${label}: shape`).toEqual(shapeOf(expected));
  const bad: string[] = [];
  let [maxAbs, maxRel] = [0, 0];
  const walk = (a: Nested, e: Nested, path: string) => {
    if (Array.isArray(a) && Array.isArray(e)) return a.forEach((ai, i) => walk(ai, e[i] as Nested, `${path}[${i}]`));
    const [x, y] = [a as number, e as number];
    const err = Math.abs(x - y);
    if (Number.isFinite(y)) [maxAbs, maxRel] = [Math.max(maxAbs, err), Math.max(maxRel, err / Math.abs(y) || 0)];
    const ok = Number.isFinite(y) ? err <= tol.atol + tol.rtol * Math.abs(y) : x === y;
    if (!ok && bad.length < 10) bad.push(`${path}: got ${x}, expected ${y}`);
  };
  walk(actual, expected, label);
  // SNIPPETS_REPORT_ERROR=1 prints the measured error, for choosing a tolerance honestly
  if (process.env.SNIPPETS_REPORT_ERROR) console.info(`${tf.getBackend() ?? 'js'} ${label}: max abs ${maxAbs.toExponential(1)}, max rel ${maxRel.toExponential(1)}`);
  expect(bad, `${label}: outside atol=${tol.atol} rtol=${tol.rtol}`).toEqual([]);
}

/** Runs one describe block per backend, switching tf's backend before its tests. */
export function forEachBackend(body: (backend: Backend) => void): void {
  for (const backend of BACKENDS) {
    describe(`backend ${backend}`, () => {
      beforeAll(async () => {
        expect(await tf.setBackend(backend)).toBe(true);
        await tf.ready();
        expect(tf.getBackend()).toBe(backend);
      });
      body(backend);
    });
  }
}

/**
 * Calls fn, reads its output tensor, disposes it, and asserts that no tensor leaked:
 * tf.memory().numTensors is the same before the call and after the output is disposed.
 */
export async function runChecked(fn: () => tf.Tensor): Promise<{ shape: number[]; values: Nested }> {
  const before = tf.memory().numTensors;
  const out = fn();
  const values = (await out.array()) as Nested;
  const shape = [...out.shape];
  out.dispose();
  expect(tf.memory().numTensors, 'tensors leaked by the call').toBe(before);
  return { shape, values };
}

/**
 * Runs main() with console.log captured; checks that it printed something, that it returns a plain
 * object of tensors / number arrays, and that after disposing the returned tensors nothing leaked.
 * Returns the returned values read back as arrays, and the printed lines.
 */
export async function runMain(
  main: () => Promise<Record<string, unknown>>,
): Promise<{ values: Record<string, Nested>; shapes: Record<string, number[]>; printed: string[] }> {
  const printed: string[] = [];
  const originalLog = console.log;
  console.log = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
  const before = tf.memory().numTensors;
  let result: Record<string, unknown>;
  try {
    result = await main();
  } finally {
    console.log = originalLog;
  }
  const values: Record<string, Nested> = {};
  const shapes: Record<string, number[]> = {};
  for (const [name, value] of Object.entries(result)) {
    if (value instanceof tf.Tensor) {
      values[name] = (await value.array()) as Nested;
      shapes[name] = [...value.shape];
      value.dispose();
    } else {
      expect(Array.isArray(value), `main() result "${name}" is a tensor or number array`).toBe(true);
      values[name] = decode(value);
      shapes[name] = shapeOf(values[name]);
    }
  }
  expect(tf.memory().numTensors, 'tensors leaked by main()').toBe(before);
  expect(printed.length, 'main() printed nothing').toBeGreaterThan(0);
  return { values, shapes, printed };
}
