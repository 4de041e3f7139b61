/**
 * Renders one run into a snippet's output panel: a status line (backend, time, leaked tensors),
 * console lines in order, main()'s result as text plus a line plot or heatmap, and errors with
 * the position and a code frame from the reader's code. Loaded with the client on first 运行.
 */
import { BACKEND_LABELS, MAX_CONSOLE_LINES, type BackendName } from '../shared/config';
import type { RunEvent } from './client';
import { codeFrame, errorHeading, errorWording } from '../shared/errors';
import { formatConsoleArgs, formatValue, plotKind } from '../shared/format';
import { heatmap, linePlot, MAX_SERIES } from './plot';
import type { ResultEntry, RunError } from '../shared/protocol';

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
  const line = (text: string, level: string) => {
    log.hidden = false;
    const row = el('div', `log-line log-${level}`, text);
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

  const showResult = (entries: ResultEntry[]) => {
    // Series of equal length (distributions under several settings, a function before and after a
    // change) read best in one chart: draw them together, each keeping its own values table.
    const lines = entries.filter((e) => plotKind(e.value) === 'line');
    const together =
      lines.length >= 2 &&
      lines.length <= MAX_SERIES &&
      lines.every(
        (e) =>
          (e.value as { values: unknown[] }).values.length === (lines[0]!.value as { values: unknown[] }).values.length,
      );
    if (together) {
      const fig = el('figure', 'runner-result');
      const title = lines.map((e) => e.name).join(' · ');
      fig.append(el('figcaption', '', title));
      const series = lines.map((e) => ({ name: e.name, values: (e.value as { values: number[] }).values }));
      fig.append(
        plotHolder(linePlot(series, { title, id: `plot-${++plotCounter}`, width: plotWidth(), xLabel: '下标' })),
      );
      for (const e of lines) fig.append(valuesDetails(`${e.name} 的数值`, formatValue(e.value)));
      results.append(fig);
    }
    for (const { name, value } of entries) {
      const kind = plotKind(value);
      if (together && kind === 'line') continue;
      const fig = el('figure', 'runner-result');
      fig.append(el('figcaption', '', name));
      const text = formatValue(value);
      if (kind && (value.kind === 'tensor' || value.kind === 'numeric')) {
        const id = `plot-${++plotCounter}`;
        const nums = value.values as number[];
        const width = plotWidth();
        fig.append(
          plotHolder(
            kind === 'line'
              ? linePlot(nums, { title: name, id, width, xLabel: '下标' })
              : heatmap(nums, value.shape[0]!, value.shape[1]!, { title: name, id, width, xLabel: '列', yLabel: '行' }),
          ),
        );
        fig.append(valuesDetails('数值', text));
      } else {
        fig.append(el('pre', 'runner-value', text));
      }
      results.append(fig);
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
          for (const f of ev.fallbacks) {
            line(`${BACKEND_LABELS[f.backend]} 不可用：${f.reason}`, 'note');
          }
          if (ev.fallbacks.length && ev.requested !== 'auto') line(`改用 ${BACKEND_LABELS[ev.backend]}。`, 'note');
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
            line(formatConsoleArgs(ev.args), ev.level);
          }
          break;
        case 'omitted':
          omittedByWorker = Math.max(omittedByWorker, ev.count);
          showOmitted(false);
          break;
        case 'done': {
          finished = true;
          panel.dataset['state'] = 'done';
          panel.dataset['elapsed'] = String(ev.elapsedMs);
          const load = loadMs >= 1 ? `（加载 ${ms(loadMs)}）` : '';
          const leak = ev.leakedTensors === 0 ? '没有泄漏张量' : `泄漏 ${ev.leakedTensors} 个张量（已由运行器回收）`;
          status.textContent = `完成 · 后端 ${BACKEND_LABELS[ev.backend]} · 用时 ${ms(ev.elapsedMs)}${load} · ${leak}`;
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
          showError(ev.error, finished);
          break;
      }
    },
  };
}
