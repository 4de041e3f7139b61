import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  describeValue,
  formatArray,
  formatConsoleArgs,
  formatNumber,
  formatTensor,
  formatValue,
  MAX_TRANSFER,
  numericShape,
  plotKind,
  tensorValue,
  type DescribeContext,
  chartData,
  chartOf,
} from '../../../src/runner/shared/format';
import type { TensorValue, Value } from '../../../src/runner/shared/protocol';

/** The worker's context, minus the async read: tensors are read synchronously here. */
const ctx: DescribeContext = {
  isTensor: (v) => v instanceof tf.Tensor,
  tensor: (v) => {
    const t = v as tf.Tensor;
    return tensorValue(t.dtype, t.shape, t.dataSync() as Float32Array);
  },
};

describe('numbers and arrays', () => {
  it('formats numbers like numpy/tfjs: integers plain, 6 significant digits, exponent at the extremes', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(-0.6427230834960938)).toBe('-0.642723');
    expect(formatNumber(61.83366012573242)).toBe('61.8337');
    expect(formatNumber(1.5e-7)).toBe('1.5e-7');
    expect(formatNumber(2.5e9)).toBe('2500000000');
    expect(formatNumber(2.5e20)).toBe('2.5e+20');
    expect([NaN, Infinity, -Infinity].map(formatNumber)).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  it('finds the shape of rectangular numeric arrays only', () => {
    expect(numericShape([1, 2, 3])).toEqual([3]);
    expect(
      numericShape([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ).toEqual([3, 2]);
    expect(
      numericShape([
        [[1], [2]],
        [[3], [4]],
      ]),
    ).toEqual([2, 2, 1]);
    expect(numericShape([[1, 2], [3]])).toBeNull();
    expect(numericShape([1, 'a'])).toBeNull();
    expect(numericShape([[], []])).toBeNull();
    expect(numericShape('abc')).toBeNull();
  });

  it('prints nested brackets with aligned columns', () => {
    expect(formatArray([1, 22, 3, -4], [2, 2], false)).toBe('[[ 1, 22],\n [ 3, -4]]');
    expect(formatArray([7], [], false)).toBe('7');
  });

  it('summarises long axes with first and last three entries', () => {
    const values = Array.from({ length: 20 }, (_, i) => i);
    expect(formatArray(values, [20], true)).toBe('[ 0,  1,  2, ..., 17, 18, 19]');
    const m = Array.from({ length: 100 * 100 }, (_, i) => i);
    const text = formatArray(m, [100, 100], true);
    expect(text.split('\n')).toHaveLength(7); // 3 rows, '...', 3 rows
    expect(text).toContain('[   0,    1,    2, ...,   97,   98,   99]');
    expect(text).toContain('[9900, 9901, 9902, ..., 9997, 9998, 9999]');
  });
});

describe('tensors', () => {
  it('shows shape, dtype and values of a small tensor', () => {
    const t = tf.tensor2d([
      [1, 2],
      [3, 4.5],
    ]);
    const v = describeValue(t, ctx) as TensorValue;
    expect(v).toMatchObject({ kind: 'tensor', dtype: 'float32', shape: [2, 2], size: 4, complete: true });
    expect(formatTensor(v)).toBe('Tensor float32 [2, 2]\n[[  1,   2],\n [  3, 4.5]]');
    t.dispose();
  });

  it('puts a scalar or a short vector on one line', () => {
    expect(formatTensor(tensorValue('float32', [], new Float32Array([2.5])))).toBe('Tensor float32 [] 2.5');
    expect(formatTensor(tensorValue('int32', [3], new Int32Array([1, 2, 3])))).toBe('Tensor int32 [3] [1, 2, 3]');
  });

  it('summarises a long tensor and adds min/max/mean', () => {
    const t = tf.range(0, 5000, 1, 'int32');
    const text = formatValue(describeValue(t, ctx));
    expect(text.split('\n')[0]).toBe('Tensor int32 [5000]  min 0  max 4999  mean 2499.5');
    expect(text.split('\n')[1]).toBe('[   0,    1,    2, ..., 4997, 4998, 4999]');
    t.dispose();
  });

  it('keeps at most MAX_TRANSFER values but statistics over all of them', () => {
    const data = new Float32Array(MAX_TRANSFER + 10).fill(1);
    data[MAX_TRANSFER + 5] = 9;
    const v = tensorValue('float32', [MAX_TRANSFER + 10], data);
    expect(v.values).toHaveLength(MAX_TRANSFER);
    expect(v.complete).toBe(false);
    expect(v.stats?.max).toBe(9);
    expect(formatTensor(v)).toContain(`只传回了前 ${MAX_TRANSFER} 个`);
  });
});

describe('other values', () => {
  it('describes nested objects with tensors inside, and prints them compactly', () => {
    const t = tf.tensor1d([0.5, 1.5]);
    const v = describeValue({ name: 'q', shape: [2], t, nested: { ok: true, list: ['a', 1, null] } }, ctx);
    const text = formatValue(v);
    expect(text).toContain('name: "q"');
    expect(text).toContain('shape: [2]');
    expect(text).toContain('Tensor float32 [2]');
    expect(text).toContain('nested: { ok: true, list: ["a", 1, null] }');
    t.dispose();
  });

  it('cuts cycles and depth, and never throws on odd values', () => {
    const a: Record<string, unknown> = { x: 1 };
    a['self'] = a;
    expect(formatValue(describeValue(a, ctx))).toBe('{ x: 1, self: [Circular] }');
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    expect(formatValue(describeValue(deep, ctx))).toContain('[Object]');
    expect(formatValue(describeValue([1n, Symbol('s'), () => 1, undefined], ctx))).toBe(
      '[1n, Symbol(s), [Function (匿名)], undefined]',
    );
    expect(formatValue(describeValue(new Map([['k', 2]]), ctx))).toBe('Map { k: 2 }');
    expect(formatValue(describeValue(new TypeError('bad'), ctx))).toBe('TypeError: bad');
  });

  it('slices huge typed arrays before converting them', () => {
    const big = new Float32Array(5_000_000);
    const v = describeValue(big, ctx);
    expect(v).toMatchObject({ kind: 'numeric', shape: [5_000_000], complete: false });
    expect((v as { values: number[] }).values).toHaveLength(MAX_TRANSFER);
  });

  it('prints console arguments like the browser: strings raw, others formatted, space separated', () => {
    const args: Value[] = [
      { kind: 'string', text: '|q| =' },
      { kind: 'number', value: 2.2271060943603516 },
      { kind: 'string', text: 'ok' },
    ];
    expect(formatConsoleArgs(args)).toBe('|q| = 2.22711 ok');
  });
});

describe('what can be plotted', () => {
  it('plots series as lines and matrices as heatmaps', () => {
    expect(plotKind(describeValue([1, 2, 3], ctx))).toBe('line');
    expect(
      plotKind(
        describeValue(
          [
            [1, 2],
            [3, 4],
          ],
          ctx,
        ),
      ),
    ).toBe('heatmap');
    expect(plotKind(describeValue([1], ctx))).toBeNull();
    expect(plotKind(describeValue([[[1]]], ctx))).toBeNull();
    expect(plotKind(describeValue('text', ctx))).toBeNull();
    const t = tf.zeros([4, 3]);
    expect(plotKind(describeValue(t, ctx))).toBe('heatmap');
    t.dispose();
  });
});

describe('charts main() asks for', () => {
  const chart = (v: unknown) => chartOf(describeValue(v, ctx));
  it('reads plain arrays as before: a line against the index, a matrix as a heatmap', () => {
    expect(chart([1, 2, 3])).toEqual({ kind: 'line', y: [1, 2, 3] });
    expect(
      chart([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual({ kind: 'heatmap', values: [1, 2, 3, 4], rows: 2, cols: 2 });
  });
  it('names the axes and the categories from a chart object', () => {
    expect(chart({ x: [-1, 0, 1], y: [3, 2, 3], xLabel: 'm − n', yLabel: 'q·k' })).toEqual({
      kind: 'line',
      y: [3, 2, 3],
      x: [-1, 0, 1],
      xLabel: 'm − n',
      yLabel: 'q·k',
    });
    expect(chart({ labels: ['好', '坏'], values: [0.7, 0.3], yLabel: '概率' })).toEqual({
      kind: 'bars',
      labels: ['好', '坏'],
      values: [0.7, 0.3],
      yLabel: '概率',
    });
    expect(
      chart({
        values: [
          [1, 2],
          [3, 4],
        ],
        xLabel: 'n',
        yLabel: 'm',
      }),
    ).toMatchObject({ kind: 'heatmap', xLabel: 'n', yLabel: 'm' });
    expect(chartData(describeValue({ labels: ['a'], values: [1] }, ctx))).toMatchObject({
      kind: 'numeric',
      values: [1],
    });
  });
  it('leaves other objects alone (extra keys, mismatched lengths, both y and values)', () => {
    expect(chart({ y: [1, 2], note: 'x' })).toBeNull();
    expect(chart({ labels: ['a'], values: [1, 2] })).toBeNull();
    expect(chart({ y: [1, 2], values: [1, 2] })).toBeNull();
    expect(chart({ x: [1], y: [1, 2] })).toBeNull();
    expect(chart({ name: 'q' })).toBeNull();
  });
  it('prints what was not transferred as a flat prefix, never as ?', () => {
    const data = new Float32Array(MAX_TRANSFER + 10).fill(2);
    const text = formatTensor(tensorValue('float32', [MAX_TRANSFER + 10], data));
    expect(text).not.toContain('?');
    expect(text).toContain('上面是其中的首尾几个');
    const big = formatValue(describeValue(new Float32Array(MAX_TRANSFER + 1), ctx));
    expect(big).not.toContain('?');
  });
});
