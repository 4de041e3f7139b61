/**
 * The reader's TypeScript -> a JS module the worker can import from a blob: URL.
 *
 * Sucrase's `typescript` transform only removes types and keeps every line where it was, so a
 * line number in the output is a line number in the reader's code; its source map gives columns.
 * We keep ES modules (no `imports` transform): the blob module runs the code exactly as written,
 * with `export`, top-level `await` and all, and stack frames name the blob URL we can map from.
 *
 * Imports are the one thing rewritten. A blob module cannot resolve a bare specifier, and the
 * worker already holds tfjs, so `import * as tf from '@tensorflow/tfjs'` becomes
 * `const tf = __bagu_tfjs__` (a global the worker sets), padded with the same number of newlines.
 * An import of another verified snippet (`'../rope/rope.ts'`, shared/modules.ts) keeps its
 * statement and gets the blob: URL the worker loaded that module from as its specifier.
 * Any other module is reported before the code runs, with its line and column.
 */
import { transform } from 'sucrase';
import { parse } from 'sucrase/dist/esm/parser/index.js';
import { TokenType as tt } from 'sucrase/dist/esm/parser/tokenizer/types.js';
import { ContextualKeyword as ck } from 'sucrase/dist/esm/parser/tokenizer/keywords.js';
import { positionAt, type Position } from '../shared/errors';
import { decodeMappings, originalPosition, type LineMap } from './thrown';
import type { RunError } from '../shared/protocol';

/** The only module a snippet may import. */
export const TFJS_MODULE = '@tensorflow/tfjs';
/** Global the worker binds tfjs to; imports of TFJS_MODULE are rewritten to read it. */
export const TFJS_BINDING = '__bagu_tfjs__';
/** Global function replacing `import(...)` expressions (resolves tfjs, rejects anything else). */
export const DYNAMIC_IMPORT_BINDING = '__bagu_import__';

/** A name imported from tfjs (`import { tensor } from ...`), checked by the worker before running. */
export interface NamedImport {
  name: string;
  line: number;
  column: number;
}

export type TranspileResult =
  | {
      ok: true;
      /** The module to run. Same line count as the input. */
      js: string;
      /** Generated -> original positions (sucrase's map; import lines are approximate). */
      map: LineMap;
      /** Named imports from tfjs left after TypeScript's elision (names used only as types are dropped). */
      namedImports: NamedImport[];
      /**
       * Named value imports from tfjs as written (no `type` keyword), elided or not: Node's type
       * stripping keeps every one of them, so the worker checks these to fail where Node fails.
       */
      writtenImports: NamedImport[];
    }
  | { ok: false; error: RunError };

interface Token {
  type: number;
  contextualKeyword: number;
  start: number;
  end: number;
  isType: boolean;
}

/** Unquotes a string literal token (module specifiers rarely hold escapes; keep it simple). */
function stringValue(src: string, token: Token): string {
  return src.slice(token.start + 1, token.end - 1).replace(/\\(.)/g, '$1');
}

function newlines(text: string): string {
  return '\n'.repeat(text.split('\n').length - 1);
}

const isWord = (t: Token | undefined, kw: number) =>
  t !== undefined && t.type === tt.name && t.contextualKeyword === kw;

/** One module reference found in the token stream. */
type ModuleRef =
  | {
      kind: 'import';
      /** Token range of the declaration, `import` to the specifier string. */
      first: number;
      last: number;
      spec: string;
      defaultName: string | null;
      namespace: string | null;
      named: { imported: string; local: string; token: Token }[];
      /** `import type …`, or every specifier is `type X`: erased, never loaded. */
      typeOnly: boolean;
    }
  | { kind: 'dynamic'; first: number; spec: string | null; specToken: Token | null }
  | { kind: 'reexport'; first: number; spec: string; specToken: Token; typeOnly: boolean };

/** Finds import declarations, import() calls and re-exports in a token stream of `src`. */
function moduleRefs(src: string, tokens: Token[]): ModuleRef[] {
  const text = (t: Token) => src.slice(t.start, t.end);
  const refs: ModuleRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const next = tokens[i + 1];
    if (tok.type === tt._import && next?.type === tt.parenL) {
      const arg = tokens[i + 2];
      const literal =
        arg?.type === tt.string && (tokens[i + 3]?.type === tt.parenR || tokens[i + 3]?.type === tt.comma);
      refs.push({
        kind: 'dynamic',
        first: i,
        spec: literal ? stringValue(src, arg) : null,
        specToken: literal ? arg : null,
      });
      continue;
    }
    if (tok.type === tt._import && next?.type !== tt.dot) {
      // [type] [default][, * as ns | { a, type b, c as d }] from 'spec'   |   'spec'
      let j = i + 1;
      let typeOnly = false;
      const after = tokens[j + 1];
      if (
        isWord(tokens[j], ck._type) &&
        after?.type !== tt.comma &&
        !(isWord(after, ck._from) && tokens[j + 2]?.type === tt.string)
      ) {
        typeOnly = true;
        j++;
      }
      let defaultName: string | null = null;
      let namespace: string | null = null;
      const named: { imported: string; local: string; token: Token }[] = [];
      if (tokens[j]?.type === tt.name && !(isWord(tokens[j], ck._from) && tokens[j + 1]?.type === tt.string)) {
        defaultName = text(tokens[j]!);
        j++;
        if (tokens[j]?.type === tt.comma) j++;
      }
      let allTypes = false;
      if (tokens[j]?.type === tt.star) {
        namespace = text(tokens[j + 2]!); // * as ns
        j += 3;
      } else if (tokens[j]?.type === tt.braceL) {
        j++;
        allTypes = true;
        while (j < tokens.length && tokens[j]!.type !== tt.braceR) {
          if (
            isWord(tokens[j], ck._type) &&
            tokens[j + 1]?.type !== tt.comma &&
            tokens[j + 1]?.type !== tt.braceR &&
            !isWord(tokens[j + 1], ck._as)
          )
            j++;
          const importedTok = tokens[j]!;
          const imported = importedTok.type === tt.string ? stringValue(src, importedTok) : text(importedTok);
          let local = imported;
          if (isWord(tokens[j + 1], ck._as)) {
            local = text(tokens[j + 2]!);
            j += 3;
          } else {
            j++;
          }
          if (!importedTok.isType) allTypes = false;
          named.push({ imported, local, token: importedTok });
          if (tokens[j]?.type === tt.comma) j++;
        }
        j++;
        if (named.length === 0) allTypes = false;
      }
      if (isWord(tokens[j], ck._from)) j++;
      const specTok = tokens[j];
      if (specTok?.type !== tt.string) continue; // not a form we know; the engine will judge it
      refs.push({
        kind: 'import',
        first: i,
        last: j,
        spec: stringValue(src, specTok),
        defaultName,
        namespace,
        named,
        typeOnly: typeOnly || (allTypes && defaultName === null),
      });
      i = j;
      continue;
    }
    if (tok.type === tt._export) {
      // export [type] * [as ns] from 'x' | export [type] { … } from 'x'
      let j = i + 1;
      const typeOnly = isWord(tokens[j], ck._type);
      if (typeOnly) j++;
      if (tokens[j]?.type === tt.star) {
        j++;
        if (isWord(tokens[j], ck._as)) j += 2;
      } else if (tokens[j]?.type === tt.braceL) {
        while (j < tokens.length && tokens[j]!.type !== tt.braceR) j++;
        j++;
      } else continue;
      if (isWord(tokens[j], ck._from) && tokens[j + 1]?.type === tt.string) {
        refs.push({
          kind: 'reexport',
          first: i,
          spec: stringValue(src, tokens[j + 1]!),
          specToken: tokens[j + 1]!,
          typeOnly,
        });
      }
    }
  }
  return refs;
}

/**
 * The blob: URL of the verified snippet `spec` names, or null when the page did not provide it.
 * Absent (no resolver): only tfjs can be imported.
 */
export type ImportResolver = (spec: string) => string | null;

const unknownModule = (spec: string) =>
  spec.startsWith('./') || spec.startsWith('../')
    ? `不能导入 "${spec}"：运行器只提供 ${TFJS_MODULE} 和这段已验证代码本来导入的片段（写法如 '../rope/rope.ts'）。`
    : `不能导入 "${spec}"：运行器只提供 ${TFJS_MODULE}（网页里没有打包其他模块）。请只用 import * as tf from '${TFJS_MODULE}'。`;

/** The sucrase message without its " (line:col)" suffix and "Error transforming …: " prefix. */
function cleanMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  return raw.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '');
}

/**
 * Checks the reader's imports against what the worker provides. Runs on the TypeScript source so
 * that an unknown module is reported even when the import is unused (TypeScript would drop it).
 */
function checkImports(code: string, written: NamedImport[], resolve?: ImportResolver): RunError | null {
  let tokens: Token[];
  try {
    tokens = parse(code, false, true, false).tokens as Token[];
  } catch {
    return null; // transform() below reports the syntax error with its position
  }
  const at = (token: Token) => positionAt(code, token.start);
  for (const ref of moduleRefs(code, tokens)) {
    if (ref.kind === 'import' && ref.spec === TFJS_MODULE && !ref.typeOnly) {
      for (const n of ref.named) if (!n.token.isType) written.push({ name: n.imported, ...at(n.token) });
    }
    if (ref.kind === 'dynamic') {
      if (ref.spec !== null && ref.spec !== TFJS_MODULE && ref.specToken) {
        const message =
          resolve?.(ref.spec) != null
            ? `不支持 import("${ref.spec}")：请在文件开头用 import { … } from '${ref.spec}' 导入。`
            : unknownModule(ref.spec);
        return { kind: 'import', name: 'ImportError', message, ...at(ref.specToken) };
      }
    } else if (ref.kind === 'reexport') {
      if (!ref.typeOnly) {
        return {
          kind: 'import',
          name: 'ImportError',
          message: `不支持 export … from "${ref.spec}"：片段里直接导出自己的函数即可。`,
          ...at(ref.specToken),
        };
      }
    } else if (!ref.typeOnly) {
      const specToken = tokens[ref.last]!;
      if (ref.spec !== TFJS_MODULE) {
        if (resolve?.(ref.spec) != null) continue; // a verified snippet: the engine checks its names
        return { kind: 'import', name: 'ImportError', message: unknownModule(ref.spec), ...at(specToken) };
      }
      if (ref.defaultName !== null) {
        return {
          kind: 'import',
          name: 'ImportError',
          message: `${TFJS_MODULE} 没有默认导出：请写 import * as tf from '${TFJS_MODULE}'。`,
          ...at(tokens[ref.first]!),
        };
      }
    }
  }
  return null;
}

/**
 * Transpiles `code`; `resolve` gives the blob: URLs of the snippets it may import. On failure the
 * error has kind `syntax` or `import` and a 1-based position in `code`.
 */
export function transpile(code: string, resolve?: ImportResolver): TranspileResult {
  const writtenImports: NamedImport[] = [];
  const importError = checkImports(code, writtenImports, resolve);
  if (importError) return { ok: false, error: importError };

  let out: { code: string; sourceMap?: { mappings: string } };
  try {
    out = transform(code, {
      transforms: ['typescript'],
      // Chromium runs modern syntax as is; leave optional chaining, class fields, … untouched.
      disableESTransforms: true,
      filePath: 'snippet.ts',
      sourceMapOptions: { compiledFilename: 'snippet.js' },
    });
  } catch (e) {
    const pos = (e as { pos?: unknown }).pos;
    const error: RunError = { kind: 'syntax', name: 'SyntaxError', message: cleanMessage(e) };
    if (typeof pos === 'number') Object.assign(error, positionAt(code, pos));
    return { ok: false, error };
  }
  const js = out.code;
  const map = decodeMappings(out.sourceMap?.mappings ?? '');
  const toOriginal = (offset: number): Position => originalPosition(map, positionAt(js, offset));

  let tokens: Token[];
  try {
    tokens = parse(js, false, false, false).tokens as Token[];
  } catch (e) {
    // Sucrase let through something its own JS parser rejects; report it where it maps to.
    const pos = (e as { pos?: unknown }).pos;
    const error: RunError = { kind: 'syntax', name: 'SyntaxError', message: cleanMessage(e) };
    if (typeof pos === 'number') Object.assign(error, toOriginal(pos));
    return { ok: false, error };
  }

  // Only tfjs and verified-snippet imports are left (checkImports rejected the rest); TypeScript's
  // elision already dropped names used only as types, so every remaining tfjs name must exist.
  const edits: { start: number; end: number; text: string }[] = [];
  const namedImports: NamedImport[] = [];
  for (const ref of moduleRefs(js, tokens)) {
    const first = tokens[ref.first]!;
    if (ref.kind === 'dynamic') {
      edits.push({ start: first.start, end: first.end, text: DYNAMIC_IMPORT_BINDING });
    } else if (ref.kind === 'import' && ref.spec !== TFJS_MODULE) {
      const url = resolve?.(ref.spec);
      const specToken = tokens[ref.last]!;
      if (url != null) edits.push({ start: specToken.start, end: specToken.end, text: JSON.stringify(url) });
    } else if (ref.kind === 'import') {
      const end = tokens[ref.last]!.end;
      let replacement = '';
      if (ref.namespace !== null) replacement = `const ${ref.namespace} = ${TFJS_BINDING}`;
      else if (ref.named.length > 0) {
        const parts = ref.named.map(({ imported, local }) =>
          imported === local ? local : `${JSON.stringify(imported)}: ${local}`,
        );
        replacement = `const { ${parts.join(', ')} } = ${TFJS_BINDING}`;
        for (const n of ref.named) namedImports.push({ name: n.imported, ...toOriginal(n.token.start) });
      }
      edits.push({ start: first.start, end, text: replacement + newlines(js.slice(first.start, end)) });
    }
  }
  let result = js;
  for (const e of edits.sort((a, b) => b.start - a.start))
    result = result.slice(0, e.start) + e.text + result.slice(e.end);
  return { ok: true, js: result, map, namedImports, writtenImports };
}
