/**
 * What both sides of the worker need to talk about an error: 1-based positions in the reader's
 * code, and the one wording of a RunError the reader sees (heading, position, message), used by
 * the output panel and by anything that needs the error as one line. The worker's half (source
 * maps, stack frames, classifying what was thrown) is in worker/thrown.ts.
 */
import type { ErrorKind, RunError } from './protocol.ts';

/** A 1-based line / column pair. */
export interface Position {
  line: number;
  column: number;
}

/** 1-based line / column of a 0-based string offset. */
export function positionAt(code: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < code.length; i++) {
    if (code.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** 0-based offset of a 1-based line / column (clamped to the code). */
export function offsetAt(code: string, pos: Position): number {
  let offset = 0;
  for (let l = 1; l < pos.line; l++) {
    const nl = code.indexOf('\n', offset);
    if (nl < 0) return code.length;
    offset = nl + 1;
  }
  const lineEnd = code.indexOf('\n', offset);
  const end = lineEnd < 0 ? code.length : lineEnd;
  return Math.min(offset + Math.max(0, pos.column - 1), end);
}

// ---------------------------------------------------------------------------------------------
// Presentation

const HEADINGS: Record<ErrorKind, string> = {
  syntax: '语法错误',
  import: '导入错误',
  runtime: '运行时错误',
  unhandled: '未处理的异步错误',
  memory: '内存不足',
  'context-lost': 'GPU 上下文丢失',
  timeout: '超时',
  stopped: '已停止',
  internal: '运行器出错',
};

/** The Chinese heading for an error kind. */
export function errorHeading(kind: ErrorKind): string {
  return HEADINGS[kind];
}

/** `第 12 行，第 5 列` when the error has a position, else ''. */
export function positionText(err: Pick<RunError, 'line' | 'column'>): string {
  if (err.line === undefined) return '';
  return err.column === undefined ? `第 ${err.line} 行` : `第 ${err.line} 行，第 ${err.column} 列`;
}

/** Names the runner gives its own errors: the heading already says what they are. */
const RUNNER_NAMES = new Set([
  'Error',
  'Stopped',
  'Timeout',
  'ImportError',
  'WorkerError',
  'LoadError',
  'BackendError',
  'ContextLost',
]);

/** A RunError worded for the reader; the output panel shows the parts, formatRunError joins them. */
export interface ErrorWording {
  /** `运行时错误（第 3 行，第 7 列）` */
  title: string;
  /** `TypeError: x is not a function`: the engine's name kept where it says something. */
  message: string;
  /** What the reader can do next, or ''. */
  hint: string;
}

/** The one wording of a RunError (the output panel, one-line forms, tests). */
export function errorWording(err: RunError): ErrorWording {
  const where = positionText(err);
  const message =
    err.name && !RUNNER_NAMES.has(err.name) && !err.message.startsWith(err.name)
      ? `${err.name}: ${err.message}`
      : err.message;
  let hint = '';
  if (err.kind === 'memory' || err.kind === 'context-lost' || err.kind === 'timeout' || err.kind === 'internal')
    hint = '运行环境已重新启动，可以直接再次运行。';
  else if (err.kind === 'stopped') hint = '可以随时再次运行。';
  else if (err.kind === 'import' && err.name === 'SyntaxError')
    hint = '@tensorflow/tfjs 没有这个导出，用 Node 运行同一个文件也会报这个错。代码没有运行：请先改正这一处。';
  else if (err.kind === 'syntax' || err.kind === 'import') hint = '代码没有运行：请先改正这一处。';
  return { title: `${errorHeading(err.kind)}${where ? `（${where}）` : ''}`, message, hint };
}

/** One line for the reader: `运行时错误（第 3 行，第 7 列）：TypeError: x is not a function`. */
export function formatRunError(err: RunError): string {
  const { title, message } = errorWording(err);
  return `${title}：${message}`;
}

/**
 * The offending line with a caret under the column, and one line of context either side:
 * ```
 *   11 |   const x = 1;
 * > 12 |   foo(x);
 *      |   ^
 * ```
 */
export function codeFrame(code: string, pos: Position, context = 1): string {
  const lines = code.split('\n');
  if (pos.line < 1 || pos.line > lines.length) return '';
  const first = Math.max(1, pos.line - context);
  const last = Math.min(lines.length, pos.line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, '  ');
    out.push(`${n === pos.line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`);
    if (n === pos.line) {
      const before = (lines[n - 1] ?? '').slice(0, Math.max(0, pos.column - 1)).replace(/\t/g, '  ');
      // East Asian wide characters take two columns in a monospace font.
      const pad = [...before].reduce(
        (w, ch) =>
          w +
          (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
            ? 2
            : 1),
        0,
      );
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(pad)}^`);
    }
  }
  return out.join('\n');
}
