import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
// Independent decoder (sucrase's own dependency) as the oracle for ours.
import { decode } from '@jridgewell/sourcemap-codec';
import { codeFrame, errorWording, formatRunError, offsetAt, positionAt } from '../../../src/runner/shared/errors';
import {
  decodeMappings,
  isFatal,
  isMemoryError,
  originalPosition,
  stackPosition,
  toRunError,
} from '../../../src/runner/worker/thrown';

describe('source map decoding', () => {
  it('decodes VLQ segments (generated column resets per line; source fields carry over)', () => {
    // AAAA = [0,0,0,0]; IAAI = [+4,0,0,+4]; next line AACA = [0,0,+1,0]; GAAG = [+3,0,0,+3].
    expect(decodeMappings('AAAA,IAAI;AACA,GAAG')).toEqual([
      [
        [0, 0, 0],
        [4, 0, 4],
      ],
      [
        [0, 1, 4],
        [3, 1, 7],
      ],
    ]);
  });

  it('agrees with @jridgewell/sourcemap-codec on the map sucrase makes for a real snippet', () => {
    const code = readFileSync('snippets/rope/rope.ts', 'utf8');
    const { sourceMap } = transform(code, {
      transforms: ['typescript'],
      disableESTransforms: true,
      sourceMapOptions: { compiledFilename: 'a.js' },
      filePath: 'a.ts',
    });
    const reference = decode(sourceMap!.mappings).map((line) => line.map((seg) => [seg[0], seg[2], seg[3]]));
    expect(decodeMappings(sourceMap!.mappings)).toEqual(reference);
  });

  it('decodes negative and multi-digit values', () => {
    // gBAAgB = [16,0,0,16]; then DAAD = [-1,0,0,-1] → col 15. The codec returns a line's segments
    // sorted by generated column, which originalPosition's scan relies on.
    expect(decodeMappings('gBAAgB,DAAD')).toEqual([
      [
        [15, 0, 15],
        [16, 0, 16],
      ],
    ]);
    expect(() => decodeMappings('A!')).toThrow(/invalid/);
  });

  it('maps a generated position to the nearest segment at or before it, keeping the offset inside a token', () => {
    const map = decodeMappings('AAAA,IAAQ'); // gen col 4 -> orig col 8 (e.g. `x: number, ` was removed before)
    expect(originalPosition(map, { line: 1, column: 5 })).toEqual({ line: 1, column: 9 });
    expect(originalPosition(map, { line: 1, column: 7 })).toEqual({ line: 1, column: 11 });
    expect(originalPosition(map, { line: 1, column: 2 })).toEqual({ line: 1, column: 2 });
    // A line with no segments maps to itself (sucrase keeps lines).
    expect(originalPosition(map, { line: 9, column: 3 })).toEqual({ line: 9, column: 3 });
  });
});

describe('positions and stacks', () => {
  it('converts offsets and 1-based positions both ways', () => {
    const code = 'ab\ncde\n\nf';
    expect(positionAt(code, 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt(code, 4)).toEqual({ line: 2, column: 2 });
    expect(positionAt(code, 8)).toEqual({ line: 4, column: 1 });
    for (const off of [0, 1, 3, 4, 5, 7, 8]) expect(offsetAt(code, positionAt(code, off))).toBe(off);
    expect(offsetAt(code, { line: 2, column: 99 })).toBe(6); // clamped to the end of the line
  });

  it("finds the first frame in the reader's module, skipping tfjs frames", () => {
    const url = 'blob:http://127.0.0.1:4321/6f1c-aa';
    const stack = [
      'Error: Operands could not be broadcast together with shapes 3 and 4.',
      '    at assertAndGetBroadcastShape (http://127.0.0.1:4321/_astro/backends-X.js:1:2345)',
      `    at applyRope (${url}:27:19)`,
      `    at main (${url}:60:7)`,
    ].join('\n');
    expect(stackPosition(stack, url)).toEqual({ line: 27, column: 19 });
    expect(stackPosition(stack, 'blob:other')).toBeNull();
    expect(stackPosition(undefined, url)).toBeNull();
  });
});

describe('classification and wording', () => {
  it('recognises allocation failures as memory errors, which are fatal', () => {
    expect(isMemoryError('RangeError', 'Invalid typed array length: 1099511627776')).toBe(true);
    expect(isMemoryError('RangeError', 'Array buffer allocation failed')).toBe(true);
    expect(
      isMemoryError(
        'Error',
        'Requested texture size [31623x31623] greater than WebGL maximum on this browser / GPU [16384x16384].',
      ),
    ).toBe(true);
    expect(isMemoryError('TypeError', 'x is not a function')).toBe(false);
    const e = toRunError(new RangeError('Array buffer allocation failed'), null);
    expect(e.kind).toBe('memory');
    expect(isFatal(e.kind)).toBe(true);
    expect(isFatal('runtime')).toBe(false);
  });

  it('maps a thrown error through the stack and the source map', () => {
    const url = 'blob:x/1';
    const thrown = new TypeError('boom');
    thrown.stack = `TypeError: boom\n    at main (${url}:3:5)`;
    const e = toRunError(thrown, { url, map: decodeMappings(';;AAEE') }); // line 3 col 0 -> line 3 col 2
    expect(e).toEqual({ kind: 'runtime', name: 'TypeError', message: 'boom', line: 3, column: 7 });
  });

  it('describes thrown non-errors', () => {
    expect(toRunError('plain string', null)).toMatchObject({ name: '抛出的值', message: 'plain string' });
    expect(toRunError({ a: 1 }, null).message).toBe('{"a":1}');
  });

  it('words an error in Chinese with its position', () => {
    expect(
      formatRunError({ kind: 'runtime', name: 'TypeError', message: 'x is not a function', line: 3, column: 7 }),
    ).toBe('运行时错误（第 3 行，第 7 列）：TypeError: x is not a function');
    expect(formatRunError({ kind: 'timeout', name: 'Error', message: '运行超过 10 秒' })).toBe('超时：运行超过 10 秒');
  });

  it('draws a code frame with a caret under the column (CJK counted double width)', () => {
    const code = 'const a = 1;\nconst 名 = foo(a);\nexport {};';
    expect(codeFrame(code, { line: 2, column: 11 })).toBe(
      ['  1 | const a = 1;', '> 2 | const 名 = foo(a);', '    |            ^', '  3 | export {};'].join('\n'),
    );
    expect(codeFrame(code, { line: 9, column: 1 })).toBe('');
  });
});

describe('one wording for the panel and one-line forms', () => {
  it('keeps the engine’s error name, drops the runner’s own, and never says Worker', () => {
    const node = {
      kind: 'import',
      name: 'SyntaxError',
      message: "Named export 'nope' not found. The requested module '@tensorflow/tfjs' is a CommonJS module",
      line: 1,
      column: 10,
    } as const;
    expect(errorWording(node)).toEqual({
      title: '导入错误（第 1 行，第 10 列）',
      message:
        "SyntaxError: Named export 'nope' not found. The requested module '@tensorflow/tfjs' is a CommonJS module",
      hint: '@tensorflow/tfjs 没有这个导出，用 Node 运行同一个文件也会报这个错。代码没有运行：请先改正这一处。',
    });
    expect(formatRunError(node)).toBe(`${errorWording(node).title}：${errorWording(node).message}`);
    const stopped = errorWording({ kind: 'stopped', name: 'Stopped', message: '你按了“停止”，代码已中止。' });
    expect(stopped.message).toBe('你按了“停止”，代码已中止。');
    for (const kind of ['timeout', 'memory', 'context-lost', 'internal', 'stopped'] as const)
      expect(errorWording({ kind, name: 'Error', message: 'm' }).hint).not.toMatch(/Worker/);
  });
});
