/**
 * Renders one run into a snippet's output panel: a status line (backend, time, leaked tensors),
 * console lines in order, main()'s result as text plus a line plot or heatmap, and errors with
 * the position and a code frame from the reader's code. Loaded with the client on first 运行.
 */
import { BACKEND_LABELS, MAX_CONSOLE_LINES, type BackendName } from '../shared/config';
import type { RunEvent } from './client';
import { codeFrame, errorHeading, errorWording } from '../shared/errors';
import { chartData, chartOf, formatConsoleArgs, formatNumber, formatValue, type Chart } from '../shared/format';
import { barChart, heatmap, linePlot, MAX_SERIES } from './plot';
import type { ConsoleTable, ResultEntry, RunError } from '../shared/protocol';

/** The panel's parts, server-rendered by Runnable.astro. */
export interface OutputParts {
  panel: HTMLElement;
  status: HTMLElement;
  log: HTMLElement;
  results: HTMLElement;
}

export interface ViewOptions {
  /** The code that runs (for code frames). */
  code: string;
  timeoutMs: number;
  /** Called with an error that has a position, so the element can mark the line. */
  onError(err: RunError): void;
}

/** Handles the events of one run. */
export interface RunView {
  handle(event: RunEvent): void;
}

let plotCounter = 0;

const ms = (x: number) => (x < 10 ? `${x.toFixed(1)} ms` : `${Math.round(x)} ms`);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** console.table as a table: `(index)` and the columns, an empty cell where a row lacks the key. */
function tableElement(t: ConsoleTable): HTMLTableElement {
  const table = el('table', 'log-table');
  const head = table.createTHead().insertRow();
  for (const c of ['(index)', ...t.columns]) head.append(el('th', '', c));
  for (const c of head.cells) c.scope = 'col';
  const body = table.createTBody();
  for (const r of t.rows) {
    const tr = body.insertRow();
    const th = el('th', '', r.index);
    th.scope = 'row';
    tr.append(th);
    for (const cell of r.cells) tr.append(el('td', '', cell ? formatValue(cell, false) : ''));
  }
  return table;
}

/** Backend fallbacks already explained on this page: said once, not on every run. */
const toldFallbacks = new Set<string>();

/** Clears the panel and returns the view for a new run. */
export function createView(parts: OutputParts, opts: ViewOptions): RunView {
  const { panel, status, log, results } = parts;
  log.replaceChildren();
  results.replaceChildren();
  log.hidden = true;
  panel.dataset['state'] = 'running';
  delete panel.dataset['backend'];
  status.textContent = '正在加载运行器和 tfjs…';
  let backend: BackendName | null = null;
  let loadMs = 0;
  let finished = false;
  /** Errors outside the run's promise chain (a rejection nobody awaited, a throw in a callback). */
  let uncaught = 0;
  /** The status line's details once main() has resolved ('' before). */
  let doneDetails = '';
  /** main() resolved: 完成, unless an error was reported on the way or after, which the status says. */
  const showDone = () => {
    status.textContent =
      uncaught === 0 ? `完成 · ${doneDetails}` : `运行结束，但出现了 ${uncaught} 个错误（见下方） · ${doneDetails}`;
    panel.dataset['state'] = uncaught === 0 ? 'done' : 'failed';
  };
  /** Console lines shown, and those left out: by the worker (it stops sending) and here (a guard). */
  let shown = 0;
  let omittedByWorker = 0;
  let omittedHere = 0;
  let omittedRow: HTMLElement | null = null;
  /** One line, updated in place: “已省略其余 N 行输出” (“至少” when the worker was cut off mid-stream). */
  const showOmitted = (atLeast: boolean) => {
    const n = omittedByWorker + omittedHere;
    if (n === 0) return;
    if (!omittedRow) {
      omittedRow = el('div', 'log-line log-note log-omitted');
      log.append(omittedRow);
    }
    omittedRow.textContent = `已省略其余${atLeast ? '至少' : ''} ${n} 行输出（每次运行最多显示 ${MAX_CONSOLE_LINES} 行）。`;
  };

  /** One output line; `note` marks the runner's own remarks (fallbacks, leaks) apart from console output. */
  const line = (text: string, level: string, depth = 0, table?: ConsoleTable) => {
    log.hidden = false;
    const row = el('div', `log-line log-${level}`, table ? undefined : text);
    if (table) row.append(tableElement(table));
    if (depth > 0) row.style.paddingInlineStart = `${depth * 1.5}em`; // inside console.group()
    if (level === 'warn' || level === 'error') {
      // Not only colour: a prefix says what kind of line it is.
      row.prepend(el('span', 'log-tag', level === 'warn' ? '警告 ' : '错误 '));
    }
    log.append(row);
  };

  /** `late`: the error arrived after the run had ended (a callback, a rejection nobody awaited). */
  const showError = (err: RunError, late = false) => {
    const wording = errorWording(err);
    // 已停止 is the reader's own doing: said plainly, not raised as an alarm.
    const stopped = err.kind === 'stopped';
    const box = el('div', stopped ? 'runner-error runner-stopped' : 'runner-error');
    box.setAttribute('role', stopped ? 'status' : 'alert');
    box.append(el('p', 'runner-error-title', late ? `${wording.title}（运行结束后）` : wording.title));
    box.append(el('p', 'runner-error-message', wording.message));
    if (err.line !== undefined) {
      const frame = codeFrame(opts.code, { line: err.line, column: err.column ?? 1 });
      if (frame) box.append(el('pre', 'runner-error-frame', frame));
      opts.onError(err);
    }
    if (wording.hint) box.append(el('p', 'runner-error-hint', wording.hint));
    results.append(box);
  };

  /** Lays a chart out for the space there is (minus the 1px borders) so text stays readable on phones. */
  const plotWidth = () => Math.max(260, Math.min(640, (results.clientWidth || panel.clientWidth || 562) - 2));
  const valuesDetails = (label: string, text: string) => {
    const details = el('details', 'runner-values');
    details.append(el('summary', '', label), el('pre', '', text));
    return details;
  };
  const plotHolder = (svg: string) => {
    const holder = el('div', 'runner-plot');
    holder.innerHTML = svg; // built from numbers and escaped text only (plot.ts)
    return holder;
  };

  /** A closed table of the values behind a chart: one header row, one row per point or category. */
  const valuesTable = (label: string, header: string[], rows: string[][]) => {
    const details = el('details', 'runner-values');
    const table = el('table', 'runner-table');
    const head = table.createTHead().insertRow();
    for (const h of header) {
      const th = el('th', '', h);
      th.scope = 'col';
      head.append(th);
    }
    const body = table.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      r.forEach((c, i) => tr.append(el(i === 0 ? 'th' : 'td', '', c)));
    }
    // Long tables (128 points) scroll inside a box, which keyboard users can reach and scroll.
    const wrap = el('div', 'runner-table-wrap');
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', label === '数值' ? '数值表' : label);
    wrap.append(table);
    details.append(el('summary', '', label), wrap);
    return details;
  };
  const num = (x: number | undefined) => (x === undefined ? '' : formatNumber(x));

  /** One figure: caption, chart, and the values (as a table for 1-D charts, as text for matrices). */
  const figure = (title: string, svg: string) => {
    const fig = el('figure', 'runner-result');
    fig.append(el('figcaption', '', title), plotHolder(svg));
    results.append(fig);
    return fig;
  };

  const showResult = (entries: ResultEntry[]) => {
    const charts = entries.map((e) => ({ ...e, chart: chartOf(e.value) }));
    // Series over the same points (distributions under several settings, a function before and
    // after a change) read best in one chart: lines of one length and x, bars over the same labels.
    const groupKey = (c: Chart | null) =>
      c?.kind === 'line'
        ? `line:${c.y.length}:${JSON.stringify(c.x ?? null)}:${c.xLabel ?? ''}:${c.yLabel ?? ''}`
        : c?.kind === 'bars'
          ? `bars:${JSON.stringify(c.labels)}:${c.xLabel ?? ''}:${c.yLabel ?? ''}`
          : null;
    const groups = new Map<string, typeof charts>();
    for (const c of charts) {
      const key = groupKey(c.chart);
      if (key) groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const drawn = new Set<string>();
    for (const entry of charts) {
      const { name, value, chart } = entry;
      if (drawn.has(name)) continue;
      const key = groupKey(chart);
      const members = key ? groups.get(key)! : [entry];
      const together = members.length >= 2 && members.length <= MAX_SERIES;
      const group = together ? members : [entry];
      for (const m of group) drawn.add(m.name);
      const title = together ? `对比：${group.map((m) => m.name).join('、')}` : name;
      const id = `plot-${++plotCounter}`;
      const width = plotWidth();
      if (!chart) {
        const fig = el('figure', 'runner-result');
        fig.append(el('figcaption', '', name), el('pre', 'runner-value', formatValue(value)));
        results.append(fig);
      } else if (chart.kind === 'heatmap') {
        const fig = figure(
          name,
          heatmap(chart.values, chart.rows, chart.cols, {
            title: name,
            id,
            width,
            xLabel: chart.xLabel ?? '列',
            yLabel: chart.yLabel ?? '行',
          }),
        );
        fig.append(valuesDetails('数值', formatValue(chartData(value) ?? value)));
      } else if (chart.kind === 'line') {
        const series = group.map((m) => ({ name: m.name, values: (m.chart as typeof chart).y }));
        const axes = {
          xLabel: chart.xLabel ?? (chart.x ? 'x' : '下标'),
          ...(chart.yLabel ? { yLabel: chart.yLabel } : {}),
          ...(chart.x ? { x: chart.x } : {}),
        };
        const fig = figure(title, linePlot(together ? series : series[0]!.values, { title, id, width, ...axes }));
        const xs: (number | string)[] = chart.x ?? chart.y.map((_, i) => i);
        fig.append(
          valuesTable(
            '数值',
            [axes.xLabel, ...(together ? series.map((s) => s.name) : [chart.yLabel ?? name])],
            xs.map((x, i) => [typeof x === 'number' ? formatNumber(x) : x, ...series.map((s) => num(s.values[i]))]),
          ),
        );
      } else {
        const series = group.map((m) => ({ name: m.name, values: (m.chart as typeof chart).values }));
        const axes = {
          ...(chart.xLabel ? { xLabel: chart.xLabel } : {}),
          ...(chart.yLabel ? { yLabel: chart.yLabel } : {}),
        };
        const fig = figure(
          title,
          barChart(together ? series : series[0]!.values, chart.labels, { title, id, width, ...axes }),
        );
        fig.append(
          valuesTable(
            '数值',
            [chart.xLabel ?? '类别', ...(together ? series.map((s) => s.name) : [chart.yLabel ?? name])],
            chart.labels.map((label, i) => [label, ...series.map((s) => num(s.values[i]))]),
          ),
        );
      }
    }
  };

  return {
    handle(ev) {
      switch (ev.type) {
        case 'queued':
          status.textContent = '排队中：本页另一段代码正在运行…';
          break;
        case 'backend': {
          backend = ev.backend;
          loadMs = ev.loadMs;
          panel.dataset['backend'] = ev.backend;
          const told = `${ev.requested}>${ev.backend}:${ev.fallbacks.map((f) => f.reason).join('|')}`;
          if (ev.fallbacks.length && !toldFallbacks.has(told)) {
            toldFallbacks.add(told);
            const chosen = BACKEND_LABELS[ev.backend];
            if (ev.requested === 'auto') {
              // 自动 says what it chose and why the faster ones were passed by.
              const why = ev.fallbacks.map((f) => `${BACKEND_LABELS[f.backend]}：${f.reason}`).join('；');
              line(`自动选择了 ${chosen}（${why}）。`, 'note');
            } else {
              for (const f of ev.fallbacks) line(`${BACKEND_LABELS[f.backend]} 不可用：${f.reason}`, 'note');
              line(`改用 ${chosen}。`, 'note');
            }
          }
          status.textContent = `正在 ${BACKEND_LABELS[ev.backend]} 上运行…（限时 ${opts.timeoutMs / 1000} 秒，可按“停止”）`;
          break;
        }
        case 'started':
          break;
        case 'console':
          if (shown >= MAX_CONSOLE_LINES) {
            omittedHere++;
            showOmitted(false);
          } else {
            shown++;
            line(formatConsoleArgs(ev.args), ev.level, ev.depth, ev.table);
          }
          break;
        case 'omitted':
          omittedByWorker = Math.max(omittedByWorker, ev.count);
          showOmitted(false);
          break;
        case 'done': {
          finished = true;
          panel.dataset['elapsed'] = String(ev.elapsedMs);
          const load = loadMs >= 1 ? `（加载 ${ms(loadMs)}）` : '';
          const leak = ev.leakedTensors === 0 ? '没有泄漏张量' : `泄漏 ${ev.leakedTensors} 个张量（已由运行器回收）`;
          doneDetails = `后端 ${BACKEND_LABELS[ev.backend]} · 用时 ${ms(ev.elapsedMs)}${load} · ${leak}`;
          showDone();
          if (ev.leakedTensors > 0)
            line(
              `运行器：main() 结束后还有 ${ev.leakedTensors} 个张量没有释放（不计返回的张量）。用 tf.tidy 或 dispose() 释放它们。`,
              'note',
            );
          showResult(ev.result);
          break;
        }
        case 'failed': {
          finished = true;
          panel.dataset['state'] = 'failed';
          const where = backend ? ` · 后端 ${BACKEND_LABELS[backend]}` : '';
          status.textContent = `${errorHeading(ev.error.kind)}${where}`;
          // A terminated worker may have printed more than it last reported.
          if (ev.fatal) showOmitted(true);
          showError(ev.error);
          break;
        }
        case 'uncaught':
          uncaught++;
          showError(ev.error, finished);
          if (finished && doneDetails) showDone(); // the run had said 完成; it did not end well after all
          break;
      }
    },
  };
}
