import { afterEach, describe, expect, it } from 'vitest';
import { loadSnippet, snippetPaths } from '../../../src/lib/snippets';
import { resolveSnippetImport } from '../../../src/runner/shared/modules';
import { DYNAMIC_IMPORT_BINDING, TFJS_BINDING, transpile } from '../../../src/runner/worker/transpile';
import { toRunError } from '../../../src/runner/worker/thrown';
import { readFileSync } from 'node:fs';

function ok(code: string) {
  const r = transpile(code);
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  return r;
}
function err(code: string) {
  const r = transpile(code);
  if (r.ok) throw new Error('expected a transpile error');
  return r.error;
}

/** Imports transpiled JS as a module (data: URL), the way the worker imports a blob: URL. */
async function runModule(js: string, tf: unknown): Promise<{ url: string; mod: Record<string, unknown> }> {
  (globalThis as Record<string, unknown>)[TFJS_BINDING] = tf;
  (globalThis as Record<string, unknown>)[DYNAMIC_IMPORT_BINDING] = (spec: string) =>
    spec === '@tensorflow/tfjs' ? Promise.resolve(tf) : Promise.reject(new Error(`no ${spec}`));
  const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(js)}`;
  return { url, mod: (await import(/* @vite-ignore */ url)) as Record<string, unknown> };
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[TFJS_BINDING];
  delete (globalThis as Record<string, unknown>)[DYNAMIC_IMPORT_BINDING];
});

describe('transpile: types out, lines kept', () => {
  it('keeps the line count of every real snippet and strips their types', () => {
    const paths = snippetPaths();
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const code = readFileSync(`snippets/${path}.ts`, 'utf8');
      // Imports of other snippets resolve to the URLs the worker would give them.
      const modules = new Set(loadSnippet(path).modules.map((m) => m.path));
      const resolved = transpile(code, (spec) => {
        const target = resolveSnippetImport(path, spec);
        return target && modules.has(target) ? `blob:test/${target}` : null;
      });
      if (!resolved.ok) throw new Error(`${path}: ${JSON.stringify(resolved.error)}`);
      const r = resolved;
      expect(r.js.split('\n').length, path).toBe(code.split('\n').length);
      expect(r.js, path).not.toMatch(/: tf\.(Tensor|Scalar)\w*\b/);
      expect(r.js, path).not.toContain("from '@tensorflow/tfjs'");
      expect(r.js, path).toContain(`const tf = ${TFJS_BINDING}`);
    }
  });

  it('drops imports whose names are only used as types, as TypeScript does', () => {
    const r = ok("import { Tensor2D } from '@tensorflow/tfjs';\nexport function f(x: Tensor2D) { return x; }\n");
    expect(r.namedImports).toEqual([]);
    expect(r.js).not.toContain('Tensor2D');
    // …but Node's type stripping keeps the import, so the worker still checks the name (as Node would).
    expect(r.writtenImports).toEqual([{ name: 'Tensor2D', line: 1, column: 10 }]);
    expect(ok("import { type Tensor2D } from '@tensorflow/tfjs';\nexport const y = 1;\n").writtenImports).toEqual([]);
  });

  it('rewrites a multi-line named import on the same lines', () => {
    const code = "import {\n  tensor,\n  add as plus,\n} from '@tensorflow/tfjs';\nexport const x = [tensor, plus];\n";
    const r = ok(code);
    const lines = r.js.split('\n');
    expect(lines.length).toBe(code.split('\n').length);
    expect(lines[0]).toBe(`const { tensor, "add": plus } = ${TFJS_BINDING}`);
    expect(lines[3]).toBe(';');
    expect(lines[4]).toBe('export const x = [tensor, plus];');
    expect(r.namedImports).toEqual([
      { name: 'tensor', line: 2, column: 3 },
      { name: 'add', line: 3, column: 3 },
    ]);
  });

  it('drops side-effect and type-only tfjs imports; rewrites import() to the helper', () => {
    const r = ok(
      "import '@tensorflow/tfjs';\nimport type { Tensor } from 'other';\nexport const m = () => import('@tensorflow/tfjs');\n",
    );
    expect(r.js.split('\n')[0]).toBe(';');
    expect(r.js).toContain(`${DYNAMIC_IMPORT_BINDING}('@tensorflow/tfjs')`);
    expect(r.js).not.toMatch(/\bimport\b/);
  });
});

describe("transpile: errors at the reader's position", () => {
  it('reports a syntax error with its line and column', () => {
    const e = err(
      "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  const x: number = ;\n}\n",
    );
    expect(e.kind).toBe('syntax');
    expect(e.message).toBe('Unexpected token');
    expect([e.line, e.column]).toEqual([3, 21]);
  });

  it('names an unknown module, with the position of its specifier', () => {
    const e = err("import * as tf from '@tensorflow/tfjs';\n\nimport _ from 'lodash';\n");
    expect(e.kind).toBe('import');
    expect(e.message).toContain('"lodash"');
    expect([e.line, e.column]).toEqual([3, 15]);
  });

  it('rejects an unknown module even when the import is unused (TypeScript would drop it)', () => {
    expect(err("import { x } from './local';\nexport const y = 1;\n").message).toContain('"./local"');
  });

  it('rejects import() of an unknown literal module and re-exports', () => {
    const d = err("export async function main() {\n  await import('fs');\n}\n");
    expect([d.kind, d.line, d.column]).toEqual(['import', 2, 16]);
    expect(d.message).toContain('"fs"');
    const r = err("export { tensor } from '@tensorflow/tfjs';\n");
    expect(r.message).toContain('export … from');
  });

  it('rejects a default import of tfjs with a hint', () => {
    const e = err("import tf from '@tensorflow/tfjs';\n");
    expect(e.message).toContain("import * as tf from '@tensorflow/tfjs'");
    expect([e.line, e.column]).toEqual([1, 1]);
  });

  it('allows type-only imports from anywhere (they are erased)', () => {
    expect(transpile("import type { A } from 'a';\nimport { type B } from 'b';\nexport const z = 1;\n").ok).toBe(true);
  });
});

describe('transpiled modules run, and runtime errors map back', () => {
  it('runs main() with tfjs injected', async () => {
    const tf = { add: (a: number, b: number) => a + b };
    const r = ok(
      "import * as tf from '@tensorflow/tfjs';\nexport async function main(): Promise<number> {\n  return tf.add(2, 3);\n}\n",
    );
    const { mod } = await runModule(r.js, tf);
    expect(await (mod['main'] as () => Promise<number>)()).toBe(5);
  });

  it('maps a throw after stripped type annotations to the original column', async () => {
    // Types before the throw on the same line make the generated column smaller than the original.
    const code = [
      "import * as tf from '@tensorflow/tfjs';",
      'export async function main() {',
      '  const f = (a: number, b: Array<string>): void => { (null as any).boom(a, b); };',
      '  f(1, []);',
      '}',
      '',
    ].join('\n');
    const r = ok(code);
    const generatedCol = r.js.split('\n')[2]!.indexOf('.boom') + 1;
    const originalCol = code.split('\n')[2]!.indexOf('.boom') + 1;
    expect(generatedCol).toBeLessThan(originalCol); // the test is only meaningful if types moved it
    const { url, mod } = await runModule(r.js, {});
    let thrown: unknown;
    try {
      await (mod['main'] as () => Promise<void>)();
    } catch (e) {
      thrown = e;
    }
    const e = toRunError(thrown, { url, map: r.map });
    expect(e.kind).toBe('runtime');
    expect(e.name).toBe('TypeError');
    expect(e.line).toBe(3);
    // V8 points at the property access; the map must carry it back past the removed types.
    expect(e.column).toBe(originalCol + 1);
  });

  it('lets import() resolve tfjs through the helper', async () => {
    const tf = { marker: 42 };
    const r = ok(
      "export async function main() {\n  const t = await import('@tensorflow/tfjs');\n  return t.marker;\n}\n",
    );
    const { mod } = await runModule(r.js, tf);
    expect(await (mod['main'] as () => Promise<number>)()).toBe(42);
  });
});
