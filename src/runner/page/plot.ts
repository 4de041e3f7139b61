/**
 * Two small SVG charts for main()'s result: a line plot for a series (number[] or 1-D tensor)
 * and a heatmap for a matrix (number[][] or 2-D tensor). Returned as markup strings so they are
 * easy to test and cheap to insert. Axes, text and the line take their colours from CSS classes
 * (`plot-*`, styled with the site's variables) so dark mode works; heatmap cells use viridis,
 * which reads on both backgrounds and in greyscale.
 */
import { formatNumber } from '../shared/format';

/** Layout options shared by both charts. */
export interface PlotOptions {
  /** The SVG's accessible name (the page shows it as the figure's caption). */
  title: string;
  /** Unique prefix for element ids inside the SVG (title/desc references). */
  id: string;
  /** Pixel width to lay out for (the container's width); text keeps its size at any width. */
  width?: number;
  xLabel?: string;
  yLabel?: string;
  /** Line plots: the x value of each point (numbers: a numeric axis; strings: one label per point). Default: the index. */
  x?: number[] | string[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * About `count` round tick values (1, 2, 5 × 10^k steps) covering [min, max].
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const span = max - min;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const first = Math.ceil(min / step - 1e-9);
  const ticks: number[] = [];
  // Multiply rather than accumulate, and round, so 0.2 · 5 lands on 1 and not on 1.0000000000000002.
  for (let i = first; ; i++) {
    const v = Number((i * step).toPrecision(12));
    if (v > max + step * 1e-9) break;
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return ticks;
}

/** Integer ticks for indices 0..n-1 (about `count` of them). */
function indexTicks(n: number, count: number): number[] {
  if (n <= 1) return [0];
  return niceTicks(0, n - 1, count).filter((t) => Number.isInteger(t));
}

function frame(o: PlotOptions, height: number, desc: string, body: string): string {
  const w = Math.round(o.width ?? 560);
  return (
    `<svg class="plot" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" ` +
    `role="img" aria-labelledby="${o.id}-t ${o.id}-d">` +
    `<title id="${o.id}-t">${esc(o.title)}</title><desc id="${o.id}-d">${esc(desc)}</desc>${body}</svg>`
  );
}

/** One named series for a line plot. */
export interface Series {
  name: string;
  values: number[];
}

/** Most series one chart shows; more would need colours nobody can tell apart. */
export const MAX_SERIES = 6;

/** Rough width of a legend label in px (CJK characters are about twice as wide as Latin ones). */
const labelWidth = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e7f ? 12 : 7), 0);

/** Legend items flowing left to right above the plot, wrapping; returns them and the height they take. */
function legendLayout(
  names: string[],
  left: number,
  width: number,
): { items: { name: string; x: number; row: number }[]; height: number } {
  const items: { name: string; x: number; row: number }[] = [];
  let x = left;
  let row = 0;
  for (const name of names) {
    const w = 30 + labelWidth(name) + 14;
    if (x + w > left + width && x > left) {
      row++;
      x = left;
    }
    items.push({ name, x, row });
    x += w;
  }
  return { items, height: 20 * (row + 1) + 4 };
}

/** The layout line plots and bar charts share: series, margins, legend rows, plot area, finite values. */
function chartFrame(input: number[] | Series[], o: PlotOptions) {
  const series: Series[] = isSeriesList(input) ? input.slice(0, MAX_SERIES) : [{ name: o.title, values: input }];
  const legend = series.length > 1;
  const width = Math.round(o.width ?? 560);
  const m = { left: 58, right: 14, top: 14, bottom: o.xLabel ? 40 : 26 };
  const pw = Math.max(40, width - m.left - m.right);
  // Legend items flow left to right and wrap, above the plot area.
  const legendItems = legend
    ? legendLayout(
        series.map((s) => s.name),
        m.left,
        pw,
      )
    : { items: [], height: 0 };
  m.top += legendItems.height;
  const ph = 186;
  const height = m.top + ph + m.bottom;
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  return { series, legend, m, pw, legendItems, ph, height, finite };
}

/**
 * Line plot against the index (or `o.x`): one series (`number[]`) or several (`Series[]`, drawn in distinct
 * colours and dash patterns with a legend, so they can be told apart without colour too).
 * Non-finite points break a line.
 */
export function linePlot(input: number[] | Series[], o: PlotOptions): string {
  const { series, legend, m, pw, legendItems, ph, height, finite } = chartFrame(input, o);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const yTicks = niceTicks(lo, hi, 5);
  lo = Math.min(lo, yTicks[0] ?? lo);
  hi = Math.max(hi, yTicks[yTicks.length - 1] ?? hi);
  const n = Math.max(...series.map((s) => s.values.length));
  const xs = o.x;
  const numericX =
    xs !== undefined && xs.length === n && xs.every((v) => typeof v === 'number') ? (xs as number[]) : null;
  const categories = xs !== undefined && xs.length === n && !numericX ? (xs as string[]) : null;
  const [x0, x1] = numericX ? [Math.min(...numericX), Math.max(...numericX)] : [0, n - 1];
  const xAt = (v: number) => m.left + (x1 === x0 ? pw / 2 : ((v - x0) / (x1 - x0)) * pw);
  const x = (i: number) => (numericX ? xAt(numericX[i]!) : xAt(i));
  const y = (v: number) => m.top + ph - ((v - lo) / (hi - lo)) * ph;

  const path = (values: number[]) => {
    // Long series: keep each pixel column's min and max so spikes survive.
    const step = Math.max(1, Math.floor(values.length / pw));
    let d = '';
    let pen = false;
    for (let i = 0; i < values.length; i += step) {
      const ok = values.slice(i, i + step).filter(Number.isFinite);
      if (ok.length === 0) {
        pen = false;
        continue;
      }
      for (const v of step === 1 ? ok : [Math.min(...ok), Math.max(...ok)]) {
        d += `${pen ? 'L' : 'M'}${r2(x(i))},${r2(y(v))}`;
        pen = true;
      }
    }
    return d;
  };
  let body = '';
  for (const t of yTicks) {
    const ty = r2(y(t));
    body += `<line class="plot-grid" x1="${m.left}" x2="${m.left + pw}" y1="${ty}" y2="${ty}"/>`;
    body += `<text class="plot-tick" x="${m.left - 6}" y="${ty}" dy="0.32em" text-anchor="end">${esc(formatNumber(t))}</text>`;
  }
  const xTicks: [number, string][] = numericX
    ? niceTicks(x0, x1, Math.max(2, Math.floor(pw / 70))).map((t) => [xAt(t), formatNumber(t)])
    : indexTicks(n, Math.max(2, Math.floor(pw / (categories ? 90 : 70)))).map((t) => [
        xAt(t),
        categories ? categories[t]! : String(t),
      ]);
  for (const [px, label] of xTicks) {
    const tx = r2(px);
    body += `<line class="plot-axis" x1="${tx}" x2="${tx}" y1="${m.top + ph}" y2="${m.top + ph + 4}"/>`;
    body += `<text class="plot-tick" x="${tx}" y="${m.top + ph + 16}" text-anchor="middle">${esc(label)}</text>`;
  }
  body += `<line class="plot-axis" x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}"/>`;
  body += `<line class="plot-axis" x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}"/>`;
  if (o.xLabel)
    body += `<text class="plot-label" x="${m.left + pw / 2}" y="${height - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`;
  if (o.yLabel)
    body += `<text class="plot-label" transform="translate(12 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`;
  series.forEach((s, i) => {
    body += `<path class="plot-line plot-s${i}" d="${path(s.values)}" fill="none"/>`;
  });
  legendItems.items.forEach((it, i) => {
    const ly = 14 + it.row * 20;
    body += `<line class="plot-line plot-s${i}" x1="${it.x}" x2="${it.x + 24}" y1="${ly}" y2="${ly}"/>`;
    body += `<text class="plot-tick" x="${it.x + 30}" y="${ly}" dy="0.32em">${esc(it.name)}</text>`;
  });
  const describe = (s: Series) => {
    const ok = s.values.filter(Number.isFinite);
    const k = s.values.length;
    return ok.length
      ? `${legend ? `${s.name}：` : ''}${k} 个点，最小值 ${formatNumber(Math.min(...ok))}，最大值 ${formatNumber(Math.max(...ok))}，首个值 ${formatNumber(s.values[0]!)}，最后一个值 ${formatNumber(s.values[k - 1]!)}`
      : `${legend ? `${s.name}：` : ''}${k} 个点，没有有限值`;
  };
  const desc = `折线图${legend ? `，${series.length} 条线` : ''}，${series.map(describe).join('；')}。`;
  return frame(o, height, desc, body);
}

/**
 * Bar chart over named categories (token labels): one series, or several side by side in each
 * category with a legend. Bars start at 0.
 */
export function barChart(input: number[] | Series[], labels: string[], o: PlotOptions): string {
  const { series, legend, m, pw, legendItems, ph, height, finite } = chartFrame(input, o);
  const n = labels.length;
  let lo = Math.min(0, ...finite);
  let hi = Math.max(0, ...finite);
  if (lo === hi) hi = 1;
  const yTicks = niceTicks(lo, hi, 5);
  lo = Math.min(lo, yTicks[0] ?? lo);
  hi = Math.max(hi, yTicks[yTicks.length - 1] ?? hi);
  const y = (v: number) => m.top + ph - ((v - lo) / (hi - lo)) * ph;
  const group = pw / Math.max(1, n);
  const barW = (group * 0.8) / series.length;
  let body = '';
  for (const t of yTicks) {
    const ty = r2(y(t));
    body += `<line class="plot-grid" x1="${m.left}" x2="${m.left + pw}" y1="${ty}" y2="${ty}"/>`;
    body += `<text class="plot-tick" x="${m.left - 6}" y="${ty}" dy="0.32em" text-anchor="end">${esc(formatNumber(t))}</text>`;
  }
  series.forEach((s, k) => {
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const top = y(Math.max(0, v));
      const h = Math.abs(y(v) - y(0));
      body += `<rect class="plot-bar plot-s${k}" x="${r2(m.left + i * group + group * 0.1 + k * barW)}" y="${r2(top)}" width="${r2(Math.max(1, barW - 1))}" height="${r2(Math.max(0.5, h))}"/>`;
    });
  });
  // Every label when they fit, else every second, third, …
  const every = Math.max(1, Math.ceil((Math.max(...labels.map(labelWidth)) + 6) / group));
  labels.forEach((label, i) => {
    if (i % every !== 0) return;
    body += `<text class="plot-tick" x="${r2(m.left + (i + 0.5) * group)}" y="${m.top + ph + 16}" text-anchor="middle">${esc(label)}</text>`;
  });
  body += `<line class="plot-axis" x1="${m.left}" x2="${m.left + pw}" y1="${r2(y(0))}" y2="${r2(y(0))}"/>`;
  body += `<line class="plot-axis" x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}"/>`;
  if (o.xLabel)
    body += `<text class="plot-label" x="${m.left + pw / 2}" y="${height - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`;
  if (o.yLabel)
    body += `<text class="plot-label" transform="translate(12 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`;
  legendItems.items.forEach((it, i) => {
    const ly = 14 + it.row * 20;
    body += `<rect class="plot-bar plot-s${i}" x="${it.x}" y="${ly - 6}" width="24" height="12"/>`;
    body += `<text class="plot-tick" x="${it.x + 30}" y="${ly}" dy="0.32em">${esc(it.name)}</text>`;
  });
  const top = (s: Series) => {
    let best = 0;
    s.values.forEach((v, i) => {
      if (v > s.values[best]!) best = i;
    });
    return `${legend ? `${s.name}：` : ''}最大的是 ${labels[best]}（${formatNumber(s.values[best]!)}）`;
  };
  const desc = `柱状图，${n} 个类别（${labels.slice(0, 12).join('、')}${n > 12 ? '…' : ''}）${legend ? `，${series.length} 组` : ''}；${series.map(top).join('；')}。`;
  return frame(o, height, desc, body);
}

function isSeriesList(input: number[] | Series[]): input is Series[] {
  return input.length > 0 && typeof input[0] === 'object';
}

// Viridis at 9 stops (matplotlib's _viridis_data, every 32nd entry).
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
] as const;

/** The viridis colour for t in [0, 1] as `rgb(r g b)`. */
export function viridis(t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `rgb(${c[0]} ${c[1]} ${c[2]})`;
}

/** Block-averages a rows×cols matrix down to at most maxCells per side (NaN-aware). */
export function downsample(
  values: number[],
  rows: number,
  cols: number,
  maxCells: number,
): { values: number[]; rows: number; cols: number; by: [number, number] } {
  const fr = Math.max(1, Math.ceil(rows / maxCells));
  const fc = Math.max(1, Math.ceil(cols / maxCells));
  if (fr === 1 && fc === 1) return { values, rows, cols, by: [1, 1] };
  const R = Math.ceil(rows / fr);
  const C = Math.ceil(cols / fc);
  const out: number[] = [];
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      let k = 0;
      for (let i = r * fr; i < Math.min(rows, (r + 1) * fr); i++) {
        for (let j = c * fc; j < Math.min(cols, (c + 1) * fc); j++) {
          const v = values[i * cols + j]!;
          if (Number.isFinite(v)) {
            sum += v;
            k++;
          }
        }
      }
      out.push(k ? sum / k : NaN);
    }
  }
  return { values: out, rows: R, cols: C, by: [fr, fc] };
}

/** Heatmap of a row-major rows×cols matrix: row 0 at the top, with a colour bar. */
export function heatmap(values: number[], rows: number, cols: number, o: PlotOptions): string {
  const width = Math.round(o.width ?? 560);
  const ds = downsample(values, rows, cols, 96);
  const m = { left: 44, right: 70, top: 14, bottom: o.xLabel ? 40 : 26 };
  const avail = Math.max(40, width - m.left - m.right);
  const cell = Math.max(1, Math.min(avail / ds.cols, 320 / ds.rows, 28));
  const pw = cell * ds.cols;
  const ph = cell * ds.rows;
  const height = Math.round(m.top + ph + m.bottom);
  const finite = values.filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const norm = (v: number) => (hi === lo ? 0.5 : (v - lo) / (hi - lo));
  let body = '';
  for (let r = 0; r < ds.rows; r++) {
    for (let c = 0; c < ds.cols; c++) {
      const v = ds.values[r * ds.cols + c]!;
      const fill = Number.isFinite(v) ? viridis(norm(v)) : 'none';
      body += `<rect x="${r2(m.left + c * cell)}" y="${r2(m.top + r * cell)}" width="${r2(cell + 0.3)}" height="${r2(cell + 0.3)}" fill="${fill}"/>`;
    }
  }
  const xs = indexTicks(cols, Math.max(2, Math.floor(pw / 50)));
  for (const t of xs) {
    const tx = r2(m.left + ((t + 0.5) / cols) * pw);
    body += `<text class="plot-tick" x="${tx}" y="${r2(m.top + ph + 15)}" text-anchor="middle">${t}</text>`;
  }
  for (const t of indexTicks(rows, Math.max(2, Math.floor(ph / 40)))) {
    const ty = r2(m.top + ((t + 0.5) / rows) * ph);
    body += `<text class="plot-tick" x="${m.left - 6}" y="${ty}" dy="0.32em" text-anchor="end">${t}</text>`;
  }
  body += `<rect class="plot-frame" x="${m.left}" y="${m.top}" width="${r2(pw)}" height="${r2(ph)}" fill="none"/>`;
  // Colour bar: 24 bands from hi (top) to lo (bottom), with the ends and a few nice values labelled.
  const bx = r2(m.left + pw + 14);
  const bands = 24;
  for (let i = 0; i < bands; i++) {
    body += `<rect x="${bx}" y="${r2(m.top + (i / bands) * ph)}" width="12" height="${r2(ph / bands + 0.3)}" fill="${viridis(1 - i / (bands - 1))}"/>`;
  }
  body += `<rect class="plot-frame" x="${bx}" y="${m.top}" width="12" height="${r2(ph)}" fill="none"/>`;
  const barTicks = hi === lo ? [lo] : niceTicks(lo, hi, Math.max(2, Math.min(5, Math.floor(ph / 30))));
  for (const t of barTicks) {
    const ty = r2(m.top + (1 - norm(t)) * ph);
    body += `<text class="plot-tick" x="${r2(bx + 16)}" y="${ty}" dy="0.32em">${esc(formatNumber(t))}</text>`;
  }
  if (o.xLabel)
    body += `<text class="plot-label" x="${r2(m.left + pw / 2)}" y="${height - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`;
  if (o.yLabel)
    body += `<text class="plot-label" transform="translate(12 ${r2(m.top + ph / 2)}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`;
  const note = ds.by[0] > 1 || ds.by[1] > 1 ? `，按 ${ds.by[0]}×${ds.by[1]} 块取平均显示` : '';
  const desc = finite.length
    ? `热力图，${rows} 行 ${cols} 列${note}，最小值 ${formatNumber(lo)}，最大值 ${formatNumber(hi)}；颜色从深紫（小）到黄（大）。`
    : `热力图，${rows} 行 ${cols} 列，没有有限值。`;
  return frame({ ...o, width }, height, desc, body);
}
