import { describe, expect, it } from 'vitest';
import { CAPTURED_METHODS, createCapture, tableOf, type CapturedLine } from '../../../src/runner/worker/console';

function capture() {
  const lines: CapturedLine[] = [];
  let now = 0;
  const c = createCapture({ emit: (l) => lines.push(l), now: () => now, frames: () => ['第 5 行，第 3 列'] });
  return { lines, c, tick: (ms: number) => (now += ms) };
}
const text = (l: CapturedLine) => l.args.map(String).join(' ');

describe('console capture', () => {
  it('every method a reader calls reaches the panel (none only to DevTools)', () => {
    const { lines, c } = capture();
    const silent = new Set(['time', 'countReset', 'groupEnd']); // their effect shows in timeEnd / count / indent
    for (const name of CAPTURED_METHODS) {
      const before = lines.length;
      if (name === 'assert') c.methods[name]!(false, 'x');
      else if (name === 'timeLog' || name === 'timeEnd') {
        c.methods['time']!(name);
        c.methods[name]!(name);
      } else c.methods[name]!({ a: 1 });
      if (!silent.has(name)) expect(lines.length, `console.${name}`).toBeGreaterThan(before);
    }
    c.other('profile')();
    expect(text(lines.at(-1)!)).toMatch(/console\.profile\(\)/);
  });

  it('words time, count, assert and trace as the browser and Node do', () => {
    const { lines, c, tick } = capture();
    c.methods['time']!('load');
    tick(12.5);
    c.methods['timeLog']!('load', 'half');
    c.methods['timeEnd']!('load');
    c.methods['timeEnd']!('load');
    c.methods['count']!();
    c.methods['count']!();
    c.methods['assert']!(true, 'fine');
    c.methods['assert']!(0, 'x =', 3);
    c.methods['assert']!(false);
    c.methods['trace']!('here');
    expect(lines.map((l) => [l.level, text(l)])).toEqual([
      ['log', 'load: 12.5 ms half'],
      ['log', 'load: 12.5 ms - timer ended'],
      ['warn', "Timer 'load' does not exist"],
      ['log', 'default: 1'],
      ['log', 'default: 2'],
      ['error', 'Assertion failed: x = 3'],
      ['error', 'Assertion failed: console.assert'],
      ['log', 'Trace: here \n    at 第 5 行，第 3 列'],
    ]);
  });

  it('indents inside groups and starts each run afresh', () => {
    const { lines, c } = capture();
    c.methods['group']!('outer');
    c.methods['log']!('in');
    c.methods['groupCollapsed']!();
    c.methods['log']!('deeper');
    c.methods['groupEnd']!();
    c.methods['groupEnd']!();
    c.methods['groupEnd']!();
    c.methods['log']!('out');
    expect(lines.map((l) => [text(l), l.depth])).toEqual([
      ['outer', 0],
      ['in', 1],
      ['console.groupCollapsed', 1],
      ['deeper', 2],
      ['out', 0],
    ]);
    c.methods['group']!();
    c.methods['count']!();
    c.reset();
    c.methods['count']!();
    expect([text(lines.at(-1)!), lines.at(-1)!.depth]).toEqual(['default: 1', 0]);
  });

  it('lays out console.table like Chromium: (index), the union of keys, Values for primitives', () => {
    expect(tableOf([{ a: 1, b: 2 }, { b: 3, c: 4 }, 5])).toEqual({
      columns: ['a', 'b', 'c', 'Values'],
      rows: [
        { index: '0', cells: [1, 2, undefined, undefined], has: [true, true, false, false] },
        { index: '1', cells: [undefined, 3, 4, undefined], has: [false, true, true, false] },
        { index: '2', cells: [undefined, undefined, undefined, 5], has: [false, false, false, true] },
      ],
    });
    expect(tableOf({ x: { p: 1 } }, ['p'])?.columns).toEqual(['p']);
    expect(tableOf('text')).toBeNull();
    const { lines, c } = capture();
    c.methods['table']!([{ a: 1 }]);
    expect(lines[0]!.table?.columns).toEqual(['a']);
  });
});
