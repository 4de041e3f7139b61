/**
 * Turning whatever was thrown into a RunError the reader can act on: the position in *their* code
 * (not the transpiled code, not tfjs's bundle), a Chinese heading, and whether the worker must be
 * replaced afterwards. Used by the worker (mapping, classifying) and the page (headings, frames).
 */
import type { ErrorKind, RunError } from './protocol';

/** A 1-based line / column pair. */
export interface Position {
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------------------------
// Source maps: sucrase emits a token-level map; we only need "generated position -> original".

/** Decoded `mappings`: per generated line, segments [generatedColumn, originalLine, originalColumn] (0-based). */
export type LineMap = [number, number, number][][];

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's base64-VLQ `mappings` string (single source, names ignored). */
export function decodeMappings(mappings: string): LineMap {
  const lines: LineMap = [];
  let srcLine = 0;
  let srcCol = 0;
  let srcIdx = 0;
  for (const lineText of mappings.split(';')) {
    const segments: [number, number, number][] = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (!seg) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        if (digit < 0) throw new Error(`invalid source map character ${JSON.stringify(ch)}`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += fields[0] ?? 0;
      if (fields.length >= 4) {
        srcIdx += fields[1]!;
        srcLine += fields[2]!;
        srcCol += fields[3]!;
        segments.push([genCol, srcLine, srcCol]);
      }
    }
    lines.push(segments);
  }
  void srcIdx; // one source only; tracked so relative offsets stay correct
  return lines;
}

/**
 * Maps a 1-based position in generated code to the reader's code: the nearest segment at or
 * before the column on that line. Sucrase keeps lines, so a line without segments maps to itself.
 */
export function originalPosition(map: LineMap, pos: Position): Position {
  const segments = map[pos.line - 1];
  if (!segments || segments.length === 0) return pos;
  const col0 = pos.column - 1;
  let best = segments[0]!;
  for (const seg of segments) {
    if (seg[0] <= col0) best = seg;
    else break;
  }
  // Inside a token the offset from its start carries over (e.g. a throw in the middle of a call).
  const delta = best[0] <= col0 ? col0 - best[0] : 0;
  return { line: best[1] + 1, column: best[2] + delta + 1 };
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
// Stack traces

/**
 * The first frame of `stack` that points into `fileUrl` (the blob: URL the reader's module was
 * loaded from), as a 1-based position. V8 writes frames as `at fn (url:line:col)` or `at url:line:col`.
 */
export function stackPosition(stack: string | undefined, fileUrl: string): Position | null {
  if (!stack || !fileUrl) return null;
  let from = 0;
  for (;;) {
    const at = stack.indexOf(fileUrl, from);
    if (at < 0) return null;
    const m = /^:(\d+):(\d+)/.exec(stack.slice(at + fileUrl.length));
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
    from = at + fileUrl.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Classification

const MEMORY_PATTERNS = [
  /Array buffer allocation failed/i,
  /Invalid typed array length/i,
  /Invalid array buffer length/i,
  /Invalid array length/i,
  /out of memory/i,
  /Requested texture size .* greater than WebGL maximum/i,
  /exceeds the max(imum)? (storage )?buffer/i,
  /Failed to (allocate|create) .*buffer/i,
  /GPUOutOfMemoryError/,
];

/** Whether an error means memory ran out, so the worker is replaced to give it all back. */
export function isMemoryError(name: string, message: string): boolean {
  return name === 'GPUOutOfMemoryError' || MEMORY_PATTERNS.some((re) => re.test(message));
}

/** Whether a message says the GPU context went away (tfjs words it a few ways). */
export function isContextLostMessage(message: string): boolean {
  return /context (was )?lost|device (was )?lost|CONTEXT_LOST|Instance dropped/i.test(message);
}

/** Name and message of anything thrown (strings, objects without a prototype, …). */
export function describeThrown(thrown: unknown): { name: string; message: string; stack?: string } {
  if (thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && 'message' in thrown)) {
    const e = thrown as { name?: unknown; message?: unknown; stack?: unknown };
    const out: { name: string; message: string; stack?: string } = {
      name: typeof e.name === 'string' && e.name ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : String(e.message),
    };
    if (typeof e.stack === 'string') out.stack = e.stack;
    return out;
  }
  let text: string;
  try {
    text = typeof thrown === 'string' ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  } catch {
    text = String(thrown);
  }
  return { name: '抛出的值', message: text };
}

/** What the worker knows about the reader's module when an error arrives. */
export interface MapContext {
  /** The blob: URL the transpiled module was imported from. */
  url: string;
  /** Source map from transpiled to original code. */
  map: LineMap;
}

/**
 * Builds the RunError for something thrown while the reader's code ran: kind (memory, lost
 * context, or `fallbackKind`), and the position of the first stack frame in their module, mapped
 * back to their code.
 */
export function toRunError(thrown: unknown, ctx: MapContext | null, fallbackKind: ErrorKind = 'runtime'): RunError {
  const { name, message, stack } = describeThrown(thrown);
  let kind: ErrorKind = fallbackKind;
  if (isMemoryError(name, message)) kind = 'memory';
  else if (isContextLostMessage(message)) kind = 'context-lost';
  const err: RunError = { kind, name, message };
  if (ctx) {
    const pos = stackPosition(stack, ctx.url);
    if (pos) {
      const orig = originalPosition(ctx.map, pos);
      err.line = orig.line;
      err.column = orig.column;
    }
  }
  return err;
}

/** Errors after which the worker is replaced: its memory or GPU state cannot be trusted. */
export function isFatal(kind: ErrorKind): boolean {
  return kind === 'memory' || kind === 'context-lost' || kind === 'internal';
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

/** One line for the reader: `运行时错误（第 3 行，第 7 列）：TypeError: x is not a function`. */
export function formatRunError(err: RunError): string {
  const where = positionText(err);
  const what =
    err.name && err.name !== 'Error' && !err.message.startsWith(err.name) ? `${err.name}: ${err.message}` : err.message;
  return `${errorHeading(err.kind)}${where ? `（${where}）` : ''}：${what}`;
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
