/**
 * Values -> something a reader can look at. Two halves:
 * - `describeValue` (worker): any JS value -> a serialisable `Value`, tensors included, with
 *   limits so a huge array or a cyclic object cannot flood the page;
 * - `formatValue` (page): a `Value` -> text, tensors as `Tensor float32 [2, 8]` plus nested
 *   brackets, summarised numpy-style (`...`) when long.
 * No tfjs import: the worker passes in how to recognise and read a tensor.
 */
import type { NumericValue, TensorValue, Value } from './protocol';

/** Most values a tensor or numeric array sends to the page (enough to plot 256×256). */
export const MAX_TRANSFER = 65_536;
/** Above this many elements the text form shows only the first and last EDGE_ITEMS per axis. */
export const SUMMARY_THRESHOLD = 1000;
export const EDGE_ITEMS = 3;
const MAX_ITEMS = 100;
const MAX_ENTRIES = 50;
const MAX_DEPTH = 4;
const MAX_STRING = 10_000;

/** How the worker recognises and snapshots tensors for describeValue. */
export interface DescribeContext {
  isTensor(value: unknown): boolean;
  /** Returns the tensor's description now; its `values` may be filled in asynchronously. */
  tensor(value: unknown): Value;
}

/** Whether `v` is a rectangular nested array of finite-or-not numbers; returns its shape. */
export function numericShape(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  if (v.length === 0) return [0];
  if (v.every((x) => typeof x === 'number')) return [v.length];
  if (!v.every(Array.isArray)) return null;
  const inner = numericShape(v[0]);
  if (!inner || inner[0] === 0) return null;
  for (const row of v) {
    const s = numericShape(row);
    if (!s || s.length !== inner.length || s.some((d, i) => d !== inner[i])) return null;
  }
  return [v.length, ...inner];
}

/** Row-major flattening of a rectangular numeric array, stopping after `limit` values. */
function flatten(v: unknown, limit: number): number[] {
  const out: number[] = [];
  const walk = (x: unknown) => {
    if (out.length >= limit) return;
    if (Array.isArray(x)) for (const y of x) walk(y);
    else out.push(x as number);
  };
  walk(v);
  return out;
}

/** min / max / mean of numeric values (NaN ignored); undefined for none. */
export function stats(values: ArrayLike<number>): { min: number; max: number; mean: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    n++;
  }
  return n === 0 ? undefined : { min, max, mean: sum / n };
}

/**
 * Builds a TensorValue from data already read back (`await t.data()`); keeps the first
 * MAX_TRANSFER values and the statistics of all of them.
 */
export function tensorValue(dtype: string, shape: number[], data: ArrayLike<number> | ArrayLike<string>): TensorValue {
  const size = shape.reduce((a, b) => a * b, 1);
  const n = Math.min(size, data.length, MAX_TRANSFER);
  const values: (number | string)[] = [];
  for (let i = 0; i < n; i++) values.push(data[i]!);
  const out: TensorValue = {
    kind: 'tensor',
    dtype,
    shape: [...shape],
    size,
    values: values as number[] | string[],
    complete: n === size,
  };
  // Statistics scan every element; past 1e7 that is seconds of work for a number nobody asked for.
  if (dtype !== 'string' && dtype !== 'complex64' && data.length <= 1e7) {
    const s = stats(data as ArrayLike<number>);
    if (s) out.stats = s;
  }
  return out;
}

/** Describes any value for display; tensors via `ctx`. Cycles and depth are cut off. */
export function describeValue(value: unknown, ctx: DescribeContext, depth = 0, seen: Set<object> = new Set()): Value {
  if (ctx.isTensor(value)) return ctx.tensor(value);
  switch (typeof value) {
    case 'string':
      return {
        kind: 'string',
        text: value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…（共 ${value.length} 个字符）` : value,
      };
    case 'number':
      return { kind: 'number', value };
    case 'bigint':
      return { kind: 'primitive', text: `${value}n` };
    case 'boolean':
    case 'undefined':
      return { kind: 'primitive', text: String(value) };
    case 'symbol':
      return { kind: 'primitive', text: value.toString() };
    case 'function':
      return { kind: 'primitive', text: `[Function ${value.name || '(匿名)'}]` };
  }
  if (value === null) return { kind: 'primitive', text: 'null' };
  const obj = value as object;
  if (seen.has(obj)) return { kind: 'primitive', text: '[Circular]' };
  if (obj instanceof Error) return { kind: 'error', name: obj.name, message: obj.message };
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    // Slice before converting: a typed array can be far longer than any JS array may be.
    const typed = obj as unknown as { length: number; subarray(a: number, b: number): ArrayLike<number | bigint> };
    const values = Array.from(typed.subarray(0, MAX_TRANSFER), Number);
    return { kind: 'numeric', shape: [typed.length], values, complete: typed.length <= MAX_TRANSFER };
  }
  const shape = numericShape(obj);
  if (shape) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = flatten(obj, MAX_TRANSFER);
    const numeric: NumericValue = { kind: 'numeric', shape, values, complete: values.length === size };
    return numeric;
  }
  if (depth >= MAX_DEPTH)
    return { kind: 'primitive', text: Array.isArray(obj) ? `[Array(${obj.length})]` : '[Object]' };
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items = obj.slice(0, MAX_ITEMS).map((x) => describeValue(x, ctx, depth + 1, seen));
      return { kind: 'list', items, length: obj.length };
    }
    if (obj instanceof Map) {
      const entries = [...obj.entries()]
        .slice(0, MAX_ENTRIES)
        .map(([k, v]): [string, Value] => [String(k), describeValue(v, ctx, depth + 1, seen)]);
      return { kind: 'object', ctor: 'Map', entries, truncated: obj.size > MAX_ENTRIES };
    }
    if (obj instanceof Set) {
      const items = [...obj].slice(0, MAX_ITEMS).map((x) => describeValue(x, ctx, depth + 1, seen));
      return {
        kind: 'object',
        ctor: 'Set',
        entries: items.map((v, i): [string, Value] => [String(i), v]),
        truncated: obj.size > MAX_ITEMS,
      };
    }
    const keys = Object.keys(obj);
    const proto = Object.getPrototypeOf(obj) as { constructor?: { name?: string } } | null;
    const ctorName = proto && proto !== Object.prototype ? (proto.constructor?.name ?? null) : null;
    const entries = keys
      .slice(0, MAX_ENTRIES)
      .map((k): [string, Value] => [k, describeValue((obj as Record<string, unknown>)[k], ctx, depth + 1, seen)]);
    return { kind: 'object', ctor: ctorName || null, entries, truncated: keys.length > MAX_ENTRIES };
  } finally {
    seen.delete(obj);
  }
}

// ---------------------------------------------------------------------------------------------
// Text

/** A number as tfjs / numpy would print it: up to 6 significant digits, exponent when tiny/huge. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return x.toExponential(4).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(6)));
}

const shapeText = (shape: number[]) => `[${shape.join(', ')}]`;

/**
 * Nested-bracket text for row-major `values` of `shape`, numpy-style: when `summarise`, each axis
 * longer than 2·EDGE_ITEMS shows its first and last EDGE_ITEMS entries around `...`. `values` must
 * hold every element (formatTensor and formatNumeric print an incomplete value's prefix instead).
 */
export function formatArray(values: ArrayLike<number | string>, shape: number[], summarise: boolean): string {
  const cell = (i: number) => {
    const v = values[i]!;
    return typeof v === 'number' ? formatNumber(v) : JSON.stringify(v);
  };
  if (shape.length === 0) return cell(0);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  // Pad numbers in the innermost rows to one width so columns line up.
  const cells: string[] = [];
  const indices = (n: number) => {
    if (!summarise || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
    return [
      ...Array.from({ length: EDGE_ITEMS }, (_, i) => i),
      -1,
      ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i),
    ];
  };
  const collect = (axis: number, offset: number) => {
    for (const i of indices(shape[axis]!)) {
      if (i < 0) continue;
      if (axis === shape.length - 1) cells.push(cell(offset + i));
      else collect(axis + 1, offset + i * strides[axis]!);
    }
  };
  collect(0, 0);
  const width = Math.max(0, ...cells.map((c) => c.length));
  let k = 0;
  const render = (axis: number, offset: number, indent: string): string => {
    const parts: string[] = [];
    for (const i of indices(shape[axis]!)) {
      if (i < 0) {
        parts.push('...');
        continue;
      }
      if (axis === shape.length - 1) parts.push(cells[k++]!.padStart(width));
      else parts.push(render(axis + 1, offset + i * strides[axis]!, `${indent} `));
    }
    if (axis === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = `,${'\n'.repeat(shape.length - 1 - axis)}${indent} `;
    return `[${parts.join(sep)}]`;
  };
  return render(0, 0, '');
}

/** The transferred prefix of a value, in row-major order, summarised. */
function prefixText(values: ArrayLike<number | string>): string {
  return formatArray(values, [values.length], values.length > 2 * EDGE_ITEMS);
}

/** Text for a tensor: a header line (dtype, shape, statistics when long) and its values. */
export function formatTensor(t: TensorValue): string {
  const summarise = t.size > SUMMARY_THRESHOLD || !t.complete;
  let head = `Tensor ${t.dtype} ${shapeText(t.shape)}`;
  if (t.stats && (summarise || t.size > 16)) {
    head += `  min ${formatNumber(t.stats.min)}  max ${formatNumber(t.stats.max)}  mean ${formatNumber(t.stats.mean)}`;
  }
  if (t.dtype === 'complex64') return `${head}\n（complex64 的值不显示）`;
  // Not all of it was transferred: the values that were, flat, rather than a shape with holes.
  const body = t.size === 0 ? '[]' : t.complete ? formatArray(t.values, t.shape, summarise) : prefixText(t.values);
  const note = t.complete ? '' : `\n（共 ${t.size} 个元素，只传回了前 ${t.values.length} 个，上面是其中的首尾几个）`;
  // Scalars and short vectors read better on one line: `Tensor float32 [] 2.5`.
  if (!note && !body.includes('\n') && head.length + body.length < 80) return `${head} ${body}`;
  return `${head}\n${body}${note}`;
}

/** Text for a numeric array: brackets only, summarised when long, with its shape if 2-D+. */
export function formatNumeric(v: NumericValue): string {
  const size = v.shape.reduce((a, b) => a * b, 1);
  const summarise = size > SUMMARY_THRESHOLD || !v.complete;
  if (!v.complete)
    return `Array ${shapeText(v.shape)}\n${prefixText(v.values)}\n（共 ${size} 个元素，只传回了前 ${v.values.length} 个，上面是其中的首尾几个）`;
  const body = size === 0 ? '[]' : formatArray(v.values, v.shape, summarise);
  return summarise || v.shape.length > 1 ? `Array ${shapeText(v.shape)}\n${body}` : body;
}

/**
 * Text for any Value. `top` is true for a console argument: strings print raw there (like the
 * browser console) but quoted inside objects and lists.
 */
export function formatValue(v: Value, top = true, indent = ''): string {
  switch (v.kind) {
    case 'tensor':
      return formatTensor(v).replace(/\n/g, `\n${indent}`);
    case 'numeric':
      return formatNumeric(v).replace(/\n/g, `\n${indent}`);
    case 'string':
      return top ? v.text : JSON.stringify(v.text);
    case 'number':
      return formatNumber(v.value);
    case 'primitive':
      return v.text;
    case 'error':
      return `${v.name}: ${v.message}`;
    case 'list': {
      const items = v.items.map((x) => formatValue(x, false, `${indent}  `));
      if (v.length > v.items.length) items.push(`…（共 ${v.length} 项）`);
      const flat = `[${items.join(', ')}]`;
      return flat.length <= 80 && !flat.includes('\n')
        ? flat
        : `[\n${indent}  ${items.join(`,\n${indent}  `)}\n${indent}]`;
    }
    case 'object': {
      const items = v.entries.map(
        ([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${formatValue(x, false, `${indent}  `)}`,
      );
      if (v.truncated) items.push('…');
      const prefix = v.ctor ? `${v.ctor} ` : '';
      const flat = `${prefix}{ ${items.join(', ')} }`;
      if (items.length === 0) return `${prefix}{}`;
      return flat.length <= 80 && !flat.includes('\n')
        ? flat
        : `${prefix}{\n${indent}  ${items.join(`,\n${indent}  `)}\n${indent}}`;
    }
  }
}

/** One console line: arguments joined by spaces, as the browser console does. */
export function formatConsoleArgs(args: Value[]): string {
  return args.map((a) => formatValue(a, true)).join(' ');
}

/** How a returned value can be drawn: number[] / 1-D tensor as a line, 2-D as a heatmap. */
export function plotKind(v: Value): 'line' | 'heatmap' | null {
  if (v.kind !== 'tensor' && v.kind !== 'numeric') return null;
  if (v.kind === 'tensor' && (v.dtype === 'string' || v.dtype === 'complex64')) return null;
  if (!v.complete) return null;
  if (v.shape.length === 1 && v.shape[0]! >= 2) return 'line';
  if (v.shape.length === 2 && v.shape[0]! >= 1 && v.shape[1]! >= 1 && v.shape[0]! * v.shape[1]! >= 2) return 'heatmap';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Charts main() asks for (snippets/README.md): plain objects that still run unchanged in Node.

/** What to draw for one returned value. Labels absent: the page's defaults (下标, 行/列). */
export type Chart =
  | { kind: 'line'; y: number[]; x?: number[] | string[]; xLabel?: string; yLabel?: string }
  | { kind: 'bars'; labels: string[]; values: number[]; xLabel?: string; yLabel?: string }
  | { kind: 'heatmap'; values: number[]; rows: number; cols: number; xLabel?: string; yLabel?: string };

/** The keys a chart object may have; any other key makes it an ordinary object. */
export const CHART_KEYS = ['x', 'y', 'labels', 'values', 'xLabel', 'yLabel'] as const;

/** A whole (transferred) 1-D or 2-D array of numbers. */
function numbers(v: Value | undefined): (TensorValue | NumericValue) | null {
  if (!v || (v.kind !== 'tensor' && v.kind !== 'numeric') || !v.complete) return null;
  if (v.kind === 'tensor' && (v.dtype === 'string' || v.dtype === 'complex64')) return null;
  return v.shape.length === 1 || v.shape.length === 2 ? v : null;
}

function strings(v: Value | undefined): string[] | null {
  if (!v || v.kind !== 'list' || v.length !== v.items.length) return null;
  const out: string[] = [];
  for (const item of v.items) {
    if (item.kind !== 'string') return null;
    out.push(item.text);
  }
  return out;
}

/**
 * The numeric part of a chart object (`y`, or `values`), the part reference.json holds; null when
 * `v` is not a chart object.
 */
export function chartData(v: Value): TensorValue | NumericValue | null {
  if (v.kind !== 'object' || v.ctor !== null || v.truncated) return null;
  const e = Object.fromEntries(v.entries) as Partial<Record<(typeof CHART_KEYS)[number], Value>>;
  if (v.entries.some(([k]) => !(CHART_KEYS as readonly string[]).includes(k))) return null;
  if ((e.y !== undefined) === (e.values !== undefined)) return null; // exactly one of them
  const data = numbers(e.y ?? e.values);
  return data;
}

/** How to draw a returned value, or null when it is no chart (text only). */
export function chartOf(v: Value): Chart | null {
  const kind = plotKind(v);
  if (kind === 'line') return { kind, y: (v as NumericValue).values };
  if (kind === 'heatmap') {
    const { values, shape } = v as NumericValue;
    return { kind, values, rows: shape[0]!, cols: shape[1]! };
  }
  const data = chartData(v);
  if (!data || v.kind !== 'object') return null;
  const e = Object.fromEntries(v.entries) as Partial<Record<(typeof CHART_KEYS)[number], Value>>;
  const label = (x: Value | undefined) => (x?.kind === 'string' ? x.text : undefined);
  if ((e.xLabel && !label(e.xLabel)) || (e.yLabel && !label(e.yLabel))) return null;
  const axes = {
    ...(label(e.xLabel) !== undefined ? { xLabel: label(e.xLabel)! } : {}),
    ...(label(e.yLabel) !== undefined ? { yLabel: label(e.yLabel)! } : {}),
  };
  const values = data.values as number[];
  if (data.shape.length === 2) {
    if (e.x || e.labels) return null;
    return { kind: 'heatmap', values, rows: data.shape[0]!, cols: data.shape[1]!, ...axes };
  }
  if (e.labels) {
    const labels = strings(e.labels);
    if (!labels || labels.length !== values.length || e.x) return null;
    return { kind: 'bars', labels, values, ...axes };
  }
  if (e.x) {
    const x = numbers(e.x)?.values ?? strings(e.x);
    if (!x || x.length !== values.length || (numbers(e.x) && numbers(e.x)!.shape.length !== 1)) return null;
    return { kind: 'line', y: values, x: x as number[] | string[], ...axes };
  }
  return { kind: 'line', y: values, ...axes };
}
