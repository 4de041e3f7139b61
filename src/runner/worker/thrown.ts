/**
 * Turning whatever was thrown into a RunError the reader can act on: the position in *their* code
 * (not the transpiled code, not tfjs's bundle), the kind of error, and whether the worker must be
 * replaced afterwards. The wording the reader sees is shared/errors.ts's.
 */
import { decode } from '@jridgewell/sourcemap-codec';
import type { Position } from '../shared/errors';
import type { ErrorKind, RunError } from '../shared/protocol';

// ---------------------------------------------------------------------------------------------
// Source maps: sucrase emits a token-level map; we only need "generated position -> original".

/** Decoded `mappings`: per generated line, segments [generatedColumn, originalLine, originalColumn] (0-based). */
export type LineMap = [number, number, number][][];

/**
 * Decodes a source map's base64-VLQ `mappings` string (single source, names ignored) with
 * @jridgewell/sourcemap-codec, the decoder sucrase's own map writer is paired with.
 */
export function decodeMappings(mappings: string): LineMap {
  // The codec reads an unknown character as 0 instead of failing; a corrupt map must not point anywhere.
  const bad = /[^A-Za-z0-9+/,;]/.exec(mappings);
  if (bad) throw new Error(`invalid source map character ${JSON.stringify(bad[0])}`);
  return decode(mappings).map((segments) =>
    segments.flatMap((seg): [number, number, number][] => (seg.length >= 4 ? [[seg[0], seg[2]!, seg[3]!]] : [])),
  );
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
  /** The verified snippets it imports: where each was loaded from, its file name and map. */
  modules?: { url: string; file: string; map: LineMap }[];
}

/** The first frame of `stack` in any of the modules, with the index of where it starts. */
function firstModuleFrame(stack: string, modules: NonNullable<MapContext['modules']>) {
  let best: { at: number; module: (typeof modules)[number]; pos: Position } | null = null;
  for (const module of modules) {
    const at = stack.indexOf(module.url + ':');
    const pos = at >= 0 ? stackPosition(stack.slice(at), module.url) : null;
    if (pos && (!best || at < best.at)) best = { at, module, pos };
  }
  return best;
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
    // Engine messages name modules by URL ("… module 'blob:…' does not provide an export named x").
    for (const m of ctx.modules ?? []) err.message = err.message.split(m.url).join(m.file);
    // Thrown inside an imported snippet: say where, and point at the reader's line that called it.
    const inModule = stack && ctx.modules ? firstModuleFrame(stack, ctx.modules) : null;
    const readerAt = stack ? stack.indexOf(ctx.url + ':') : -1;
    if (inModule && (readerAt < 0 || inModule.at < readerAt)) {
      const where = originalPosition(inModule.module.map, inModule.pos);
      err.message += `（出错处在导入的 ${inModule.module.file} 第 ${where.line} 行）`;
    }
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
