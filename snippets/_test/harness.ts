// The test harness for snippets/<topic>/<name>.test.ts: loads reference.json, runs the test body
// on every Node backend, and checks main() against the reference data with no test code of its own.
// Not part of any snippet (snippets import only @tensorflow/tfjs).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm'; // registers 'wasm'; in Node it loads its .wasm from node_modules
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareClose, decode, shapeOf, type Nested, type Tolerance } from './compare';
import { CHART_KEYS } from '../../src/runner/shared/format';

export { decode, shapeOf, type Nested, type Tolerance };

tf.env().set('IS_TEST', true); // silences the "use tfjs-node" banner

export const BACKENDS = ['cpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

/** The one shape of snippets/<topic>/reference.json (written by snippets/_test/refio.py). */
export interface Reference {
  /** The script that wrote it, relative to the repo root. */
  generator: string;
  /** torch.__version__ that computed it. */
  torch: string;
  tolerance: Tolerance;
  /** Fixed inputs the tests feed to the exported functions. */
  inputs: Record<string, unknown>;
  /** Expected outputs of the exported functions, by case name. */
  cases: Record<string, unknown>;
  /** Per snippet file of the topic (`rope` for rope.ts): exactly what its main() returns, by key. */
  main: Record<string, Record<string, unknown>>;
  notes?: unknown;
}

/** reference.json next to the test file (pass import.meta.url). */
export function loadReference(testFileUrl: string | URL): Reference {
  return JSON.parse(readFileSync(new URL('./reference.json', testFileUrl), 'utf8')) as Reference;
}

/** A decoded value from reference.json: `ref(reference, 'inputs', 'x')`. */
export function ref<T extends Nested>(reference: Reference, group: 'inputs' | 'cases', key: string): T {
  const value = reference[group][key];
  if (value === undefined) throw new Error(`reference.json has no ${group}.${key}`);
  return decode(value) as T;
}

/** Fails with every element outside the tolerance listed (SNIPPETS_REPORT_ERROR=1 prints the error). */
export function expectClose(actual: Nested | undefined, expected: Nested, tol: Tolerance, label = 'value'): void {
  if (actual === undefined) throw new Error(`${label}: no value`);
  const result = compareClose(actual, expected, tol, label);
  // For choosing a tolerance honestly: print the measured error on this backend.
  if (process.env.SNIPPETS_REPORT_ERROR) {
    console.info(
      `${tf.getBackend() ?? 'js'} ${label}: max abs ${result.maxAbs.toExponential(1)}, max rel ${result.maxRel.toExponential(1)}`,
    );
  }
  expect(result.problems, `${label}: outside atol=${tol.atol} rtol=${tol.rtol}`).toEqual([]);
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
 * Applies `transform` to `logits` as a 1-D tensor (no leak, same length out) and compares the
 * result with `expected`: the check every logits processor's test makes.
 */
export async function expectTransform1d(
  label: string,
  logits: number[],
  transform: (z: tf.Tensor1D) => tf.Tensor1D,
  expected: Nested,
  tol: Tolerance,
): Promise<void> {
  const z = tf.tensor1d(logits);
  const { shape, values } = await runChecked(() => transform(z));
  z.dispose();
  expect(shape, label).toEqual([logits.length]);
  expectClose(values, expected, tol, label);
}

/**
 * A chart object main() returned (`{ x?, y, xLabel?, yLabel? }` or `{ labels?, values, xLabel?,
 * yLabel? }`, snippets/README.md): checks its shape the way the page reads it (shared/format.ts
 * chartOf) and returns its numbers, which is what reference.json's main.<name> holds.
 */
export function chartNumbers(name: string, chart: Record<string, unknown>): unknown {
  const keys = Object.keys(chart);
  const label = `main() result "${name}"`;
  expect(
    keys.filter((k) => !(CHART_KEYS as readonly string[]).includes(k)),
    `${label}: keys a chart object may have are ${CHART_KEYS.join(', ')}`,
  ).toEqual([]);
  expect('y' in chart !== 'values' in chart, `${label}: a chart object has either y or values`).toBe(true);
  const data = chart['y'] ?? chart['values'];
  expect(Array.isArray(data), `${label}: y / values is a plain number array (not a tensor)`).toBe(true);
  const n = (data as unknown[]).length;
  for (const key of ['xLabel', 'yLabel']) if (key in chart) expect(typeof chart[key], `${label}.${key}`).toBe('string');
  if ('labels' in chart) {
    expect(
      (chart['labels'] as unknown[]).every((l) => typeof l === 'string'),
      `${label}.labels are strings`,
    ).toBe(true);
    expect((chart['labels'] as unknown[]).length, `${label}: one label per value`).toBe(n);
  }
  if ('x' in chart) {
    const x = chart['x'] as unknown[];
    expect(
      x.every((v) => typeof v === 'number') || x.every((v) => typeof v === 'string'),
      `${label}.x: numbers or strings`,
    ).toBe(true);
    expect(x.length, `${label}: one x per y`).toBe(n);
  }
  return data;
}

/** What main() printed and returned (tensors read back and disposed). */
export interface MainOutput {
  values: Record<string, Nested>;
  printed: string[];
}

/**
 * Runs main() with console.log captured; checks that it returns a plain object of tensors, numbers
 * or number arrays, and that nothing leaked once the returned tensors are disposed.
 */
export async function runMain(main: () => Promise<Record<string, unknown>>): Promise<MainOutput> {
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
  for (const [name, value] of Object.entries(result)) {
    if (value instanceof tf.Tensor) {
      values[name] = (await value.array()) as Nested;
      value.dispose();
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      values[name] = decode(chartNumbers(name, value as Record<string, unknown>));
    } else {
      expect(
        typeof value === 'number' || Array.isArray(value),
        `main() result "${name}" is a tensor, number, number array or chart object`,
      ).toBe(true);
      values[name] = decode(value);
    }
  }
  expect(tf.memory().numTensors, 'tensors leaked by main()').toBe(before);
  return { values, printed };
}

/** What a snippet test body gets: the reference data, decoded lookups, and main()'s output. */
export interface SnippetContext {
  reference: Reference;
  tol: Tolerance;
  /** reference.json inputs[key], decoded. */
  input<T extends Nested>(key: string): T;
  /** reference.json cases[key], decoded. */
  expected<T extends Nested>(key: string): T;
  /** main()'s output on the current backend (run once per backend, shared by the tests). */
  mainOutput(): Promise<MainOutput>;
}

/**
 * The whole test of one snippet file: `snippetSuite(import.meta.url, module, (ctx) => { it(...) })`.
 * For each Node backend it switches tfjs's backend, runs `body` (the checks of the exported
 * functions), and adds the check every snippet gets: main() prints something, returns exactly the
 * keys of reference.json's `main.<name>`, each within the tolerance, and leaks no tensor.
 */
export function snippetSuite(
  testFileUrl: string,
  snippet: { main: () => Promise<Record<string, unknown>> },
  body: (ctx: SnippetContext) => void = () => {},
): void {
  const name = basename(fileURLToPath(testFileUrl)).replace(/\.test\.ts$/, '');
  const reference = loadReference(testFileUrl);
  const tol = reference.tolerance;
  const expectedMain = reference.main?.[name];
  for (const backend of BACKENDS) {
    describe(`${name} on ${backend}`, () => {
      let output: Promise<MainOutput> | undefined;
      const ctx: SnippetContext = {
        reference,
        tol,
        input: (key) => ref(reference, 'inputs', key),
        expected: (key) => ref(reference, 'cases', key),
        mainOutput: () => (output ??= runMain(snippet.main)),
      };
      beforeAll(async () => {
        expect(await tf.setBackend(backend)).toBe(true);
        await tf.ready();
        expect(tf.getBackend()).toBe(backend);
      });
      body(ctx);
      it(`main() returns what reference.json main.${name} holds, prints, leaks nothing`, async () => {
        expect(
          expectedMain,
          `reference.json has no main.${name}: reference.py must pass main={"${name}": {...}}`,
        ).toBeDefined();
        const { values, printed } = await ctx.mainOutput();
        expect(printed.length, 'main() printed nothing').toBeGreaterThan(0);
        expect(Object.keys(values).sort(), 'the keys main() returns').toEqual(Object.keys(expectedMain ?? {}).sort());
        for (const [key, value] of Object.entries(expectedMain ?? {}))
          expectClose(values[key], decode(value), tol, `main().${key}`);
      });
    });
  }
}
