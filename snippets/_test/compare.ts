// The one tolerance comparator, shared by the snippet tests (vitest, Node) and the browser tests
// (tests/e2e, which compare what the page's runner returns with the same PyTorch reference data).
// Pure TypeScript with erasable types only, so Node imports it without a build step.

/** A number or a nested array of numbers, as reference.json holds them after `decode`. */
export type Nested = number | Nested[];

/** numpy.allclose tolerance: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** JSON has no inf: reference.py writes "Infinity" / "-Infinity" as strings. */
export function decode(value: unknown): Nested {
  if (typeof value === 'number') return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (Array.isArray(value)) return value.map(decode);
  throw new Error(`not a number or nested array: ${JSON.stringify(value)}`);
}

/** The shape of a rectangular nested array ([] for a number). */
export function shapeOf(value: Nested): number[] {
  return Array.isArray(value) ? [value.length, ...(value.length ? shapeOf(value[0] as Nested) : [])] : [];
}

/** Row-major flat values and a shape (as the runner reports tensors) back to a nested array. */
export function fromFlat(values: readonly number[], shape: readonly number[]): Nested {
  if (shape.length === 0) return values[0] as number;
  const [n, ...rest] = shape as [number, ...number[]];
  const step = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => fromFlat(values.slice(i * step, (i + 1) * step), rest));
}

export interface Comparison {
  /** Shapes equal and every element within tolerance. */
  ok: boolean;
  /** Human-readable problems, at most `limit` (a shape mismatch is the only one when shapes differ). */
  problems: string[];
  /** Largest |actual − expected| and relative error over finite expected values. */
  maxAbs: number;
  maxRel: number;
}

/**
 * Compares `actual` with `expected` elementwise with numpy.allclose semantics. Infinities in
 * `expected` must be matched exactly; a NaN anywhere fails.
 */
export function compareClose(
  actual: Nested,
  expected: Nested,
  tol: Tolerance,
  label = 'value',
  limit = 10,
): Comparison {
  const [shapeA, shapeE] = [shapeOf(actual), shapeOf(expected)];
  if (shapeA.join(',') !== shapeE.join(',')) {
    return { ok: false, problems: [`${label}: shape [${shapeA}] , expected [${shapeE}]`], maxAbs: NaN, maxRel: NaN };
  }
  const problems: string[] = [];
  let maxAbs = 0;
  let maxRel = 0;
  let bad = 0;
  const walk = (a: Nested, e: Nested, path: string): void => {
    if (Array.isArray(a) && Array.isArray(e)) {
      a.forEach((ai, i) => walk(ai, e[i] as Nested, `${path}[${i}]`));
      return;
    }
    const [x, y] = [a as number, e as number];
    const err = Math.abs(x - y);
    let ok: boolean;
    if (Number.isFinite(y)) {
      maxAbs = Math.max(maxAbs, err);
      if (y !== 0) maxRel = Math.max(maxRel, err / Math.abs(y));
      ok = err <= tol.atol + tol.rtol * Math.abs(y); // false for NaN
    } else {
      ok = x === y;
    }
    if (!ok) {
      bad += 1;
      if (problems.length < limit) problems.push(`${path}: got ${x}, expected ${y}`);
    }
  };
  walk(actual, expected, label);
  if (bad > problems.length) problems.push(`… ${bad - problems.length} more outside atol=${tol.atol} rtol=${tol.rtol}`);
  return { ok: bad === 0, problems, maxAbs, maxRel };
}
