import { describe, expect, it } from 'vitest';
import { barChart, downsample, heatmap, linePlot, niceTicks, viridis } from '../../../src/runner/page/plot';

const pathOf = (svg: string) => /<path class="plot-line plot-s0" d="([^"]*)"/.exec(svg)![1]!;
const pathsOf = (svg: string): [string, string][] =>
  [...svg.matchAll(/<path class="plot-line (plot-s\d)" d="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);

describe('ticks', () => {
  it('picks round steps covering the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]); // no float drift past the end
    expect(niceTicks(21.2, 64, 5)).toEqual([30, 40, 50, 60]);
    expect(niceTicks(-2.3, 1.8, 5)).toEqual([-2, -1, 0, 1]);
    expect(niceTicks(0.0001, 0.00035, 4)).toEqual([0.0001, 0.0002, 0.0003]);
    expect(niceTicks(0.0001, 0.00035, 6)).toEqual([0.0001, 0.00015, 0.0002, 0.00025, 0.0003, 0.00035]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('line plot', () => {
  it('is an accessible SVG with axes, tick labels and a path through every point', () => {
    const svg = linePlot([0, 1, 4, 9], { title: 'x² <test>', id: 'p1', width: 400, xLabel: '下标' });
    expect(svg).toMatch(/^<svg class="plot"[^>]* role="img" aria-labelledby="p1-t p1-d"/);
    expect(svg).toContain('<title id="p1-t">x&#178; &#60;test&#62;</title>'.replace('&#178;', '²'));
    expect(svg).toMatch(/<desc id="p1-d">折线图，4 个点，最小值 0，最大值 9/);
    expect(svg).toContain('>下标</text>');
    const d = pathOf(svg);
    expect(d.match(/[ML]/g)).toEqual(['M', 'L', 'L', 'L']);
    for (const tick of ['0', '2', '4', '6', '8']) expect(svg).toContain(`>${tick}</text>`);
    // Colours come from classes (CSS variables), not hard-coded fills on the line.
    expect(svg).not.toMatch(/stroke="#/);
  });

  it('breaks the line at non-finite values and survives a constant series', () => {
    const d = pathOf(linePlot([1, NaN, 2, 3], { title: 't', id: 'p2' }));
    expect(d.match(/[ML]/g)).toEqual(['M', 'M', 'L']);
    expect(linePlot([5, 5, 5], { title: 't', id: 'p3' })).toContain('最小值 5，最大值 5');
  });

  it('downsamples a long series per pixel column, keeping min and max', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i === 50_000 ? 100 : Math.sin(i)));
    const svg = linePlot(values, { title: 't', id: 'p4', width: 500 });
    const points = pathOf(svg).match(/[ML]/g)!.length;
    expect(points).toBeLessThan(2000);
    expect(svg).toContain('最大值 100'); // the spike survives
  });
});

describe('line plot with several series', () => {
  const series = [
    { name: 'raw', values: [0.5, 0.3, 0.2] },
    { name: 'T=0.5', values: [0.8, 0.15, 0.05] },
    { name: '温度 1.5', values: [0.4, 0.35, 0.25] },
  ];
  it('draws one path per series on a shared y range, with a legend naming each', () => {
    const svg = linePlot(series, { title: 'p', id: 'm1', width: 480 });
    const paths = pathsOf(svg);
    expect(paths.map(([cls]) => cls)).toEqual(['plot-s0', 'plot-s1', 'plot-s2']);
    for (const [, d] of paths) expect(d.match(/[ML]/g)).toEqual(['M', 'L', 'L']);
    for (const name of ['raw', 'T=0.5', '温度 1.5']) expect(svg).toContain(`>${name}</text>`);
    // Legend swatches use the same classes as the lines.
    expect(svg.match(/<line class="plot-line plot-s1"/g)).toHaveLength(1);
    // The shared range covers the largest value of any series (0.8), so the T=0.5 line peaks highest.
    const firstY = (d: string) => Number(/^M[\d.]+,([\d.]+)/.exec(d)![1]);
    expect(firstY(paths[1]![1])).toBeLessThan(firstY(paths[0]![1]));
    expect(svg).toContain('折线图，3 条线，raw：3 个点');
  });
  it('wraps the legend onto more rows when the names do not fit, growing the chart', () => {
    const long = Array.from({ length: 6 }, (_, i) => ({ name: `一个很长的系列名称 ${i}`, values: [i, i + 1] }));
    const narrow = linePlot(long, { title: 'p', id: 'm2', width: 300 });
    const wide = linePlot(long.slice(0, 1).concat(long.slice(1, 2)), { title: 'p', id: 'm3', width: 300 });
    const h = (svg: string) => Number(/height="(\d+)"/.exec(svg)![1]);
    expect(h(narrow)).toBeGreaterThan(h(wide));
  });
});

describe('heatmap', () => {
  it('draws one cell per entry, row 0 at the top, coloured low→high with viridis', () => {
    const svg = heatmap([0, 1, 2, 3, 4, 5], 2, 3, { title: 'm', id: 'h1', width: 400 });
    const cells = [
      ...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="[\d.]+" fill="(rgb\([^)]+\))"/g),
    ];
    const grid = cells.slice(0, 6);
    expect(grid[0]![3]).toBe(viridis(0));
    expect(grid[5]![3]).toBe(viridis(1));
    expect(Number(grid[3]![2])).toBeGreaterThan(Number(grid[0]![2])); // second row lower down
    expect(svg).toContain('热力图，2 行 3 列');
  });

  it('averages blocks of a big matrix', () => {
    expect(downsample([1, 3, 5, 7, 2, 4, 6, 8], 2, 4, 2)).toEqual({
      values: [2, 6, 3, 7],
      rows: 2,
      cols: 2,
      by: [1, 2],
    });
    expect(downsample([1, 3, 5, 7, 2, 4, 6, 8], 2, 4, 1)).toEqual({ values: [4.5], rows: 1, cols: 1, by: [2, 4] });
    expect(downsample([1, NaN, 3, 5], 2, 2, 1).values).toEqual([3]);
    const big = heatmap(new Array(300 * 300).fill(1), 300, 300, { title: 'b', id: 'h2' });
    expect(big).toContain('按 4×4 块取平均显示');
  });

  it('maps viridis ends exactly', () => {
    expect(viridis(0)).toBe('rgb(68 1 84)');
    expect(viridis(1)).toBe('rgb(253 231 37)');
    expect(viridis(NaN)).toBe(viridis(0));
  });
});

describe('named axes and bars', () => {
  it('puts a numeric x on the axis and writes the labels the snippet gave', () => {
    const svg = linePlot([1, 4, 9], { title: 't', id: 'p', x: [-10, 0, 10], xLabel: 'm − n', yLabel: 'q·k' });
    expect(svg).toContain('>m − n</text>');
    expect(svg).toContain('>q·k</text>');
    expect(svg).toContain('>-10</text>');
    expect(svg).not.toContain('下标');
  });
  it('labels each point when x holds strings', () => {
    const svg = linePlot([1, 2], { title: 't', id: 'p', x: ['早', '晚'] });
    expect(svg).toContain('>早</text>');
    expect(svg).toContain('>晚</text>');
  });
  it('draws one bar per label, groups of several series with a legend', () => {
    const one = barChart([0.7, 0.2, 0.1], ['好', '不错', '<eos>'], { title: '概率', id: 'b' });
    expect(one.match(/<rect class="plot-bar/g)).toHaveLength(3);
    expect(one).toContain('>&#60;eos&#62;</text>');
    expect(one).toContain('最大的是 好');
    const two = barChart(
      [
        { name: 'raw', values: [0.6, 0.4] },
        { name: 'T=0.5', values: [0.8, 0.2] },
      ],
      ['好', '坏'],
      { title: '对比', id: 'c' },
    );
    expect(two.match(/<rect class="plot-bar/g)).toHaveLength(4 + 2); // bars + legend swatches
    expect(two).toContain('>T=0.5</text>');
  });
});
