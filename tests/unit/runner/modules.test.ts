// Snippets importing snippets: how a specifier resolves, what the build ships (in load order, no
// cycles), and what the transpiler does with the import (the URL in place of the path, lines kept).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedModules, loadSnippet } from '../../../src/lib/snippets';
import { relativeImports, resolveSnippetImport } from '../../../src/runner/shared/modules';
import { isPageMessage } from '../../../src/runner/shared/protocol';
import { transpile } from '../../../src/runner/worker/transpile';
import { toRunError } from '../../../src/runner/worker/thrown';

describe('resolveSnippetImport', () => {
  it('resolves sibling and cross-topic .ts paths to topic/name', () => {
    expect(resolveSnippetImport('sampling/repetition', './sampling.ts')).toBe('sampling/sampling');
    expect(resolveSnippetImport('decoder-block/block', '../rope/rope.ts')).toBe('rope/rope');
    expect(resolveSnippetImport('a/b', './../c/d.ts')).toBe('c/d');
  });
  it('refuses what is not a snippet file', () => {
    for (const spec of [
      '../rope/rope',
      'rope/rope.ts',
      '../../etc/x.ts',
      '../_test/harness.ts',
      './x.test.ts',
      '../rope/a/b.ts',
    ])
      expect(resolveSnippetImport('decoder-block/block', spec), spec).toBeNull();
  });
  it('finds static relative imports in source', () => {
    const code =
      "import * as tf from '@tensorflow/tfjs';\nimport { a, b } from '../rope/rope.ts';\nimport type { T } from './t.ts';\n";
    expect(relativeImports(code)).toEqual(['../rope/rope.ts', './t.ts']);
  });
});

describe('importedModules (build time)', () => {
  const root = mkdtempSync(join(tmpdir(), 'snippet-modules-'));
  const write = (path: string, code: string) => {
    mkdirSync(join(root, 'snippets', path.split('/')[0]!), { recursive: true });
    writeFileSync(join(root, 'snippets', `${path}.ts`), code);
  };
  write('a/base', 'export const one = 1;\n');
  write('b/mid', "import { one } from '../a/base.ts';\nexport const two = one + 1;\n");
  write(
    'c/top',
    "import { two } from '../b/mid.ts';\nimport { one } from '../a/base.ts';\nexport const three = two + one;\n",
  );
  write('d/x', "import { y } from './y.ts';\nexport const x = y;\n");
  write('d/y', "import { x } from './x.ts';\nexport const y = 1;\n");

  it('lists every module reached, each before the modules that import it, once', () => {
    const code = "import { two } from '../b/mid.ts';\nimport { one } from '../a/base.ts';\n";
    expect(importedModules('c/top', code, root).map((m) => m.path)).toEqual(['a/base', 'b/mid']);
  });
  it('refuses a cycle and a missing file, naming them', () => {
    expect(() => importedModules('d/x', "import { y } from './y.ts';\n", root)).toThrow(/cycle d\/x -> d\/y -> d\/x/);
    expect(() => importedModules('c/top', "import { z } from '../z/z.ts';\n", root)).toThrow(
      /imports "\.\.\/z\/z\.ts"/,
    );
  });
  it("puts the modules' code in the version hash", () => {
    const before = loadSnippet('c/top', root).version;
    write('a/base', 'export const one = 1; // changed\n');
    expect(loadSnippet('c/top', root).version).not.toBe(before);
  });
});

describe('transpile with imports', () => {
  const resolve = (spec: string) => (spec === '../rope/rope.ts' ? 'blob:http://x/1234' : null);
  const code =
    "import * as tf from '@tensorflow/tfjs';\nimport {\n  applyRope,\n} from '../rope/rope.ts';\nexport async function main() { return applyRope; }\n";

  it('puts the blob: URL in place of the path and keeps every line', () => {
    const r = transpile(code, resolve);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.js).toContain('from "blob:http://x/1234"');
    expect(r.js).not.toContain('../rope/rope.ts');
    expect(r.js.split('\n').length).toBe(code.split('\n').length);
  });
  it('reports an import the page does not provide at its line', () => {
    const r = transpile(code.replace('../rope/rope.ts', '../rope/other.ts'), resolve);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ kind: 'import', line: 4 });
      expect(r.error.message).toContain('../rope/other.ts');
    }
    const none = transpile(code);
    expect(none.ok).toBe(false);
  });
  it('refuses import() of a snippet with a way out', () => {
    const r = transpile("export async function main() { return import('../rope/rope.ts'); }\n", resolve);
    expect(!r.ok && r.error.message).toContain("import { … } from '../rope/rope.ts'");
  });
});

describe('errors inside an imported snippet', () => {
  it('name the file and line there, and point at the reader’s calling line', () => {
    const stack = [
      'Error: shapes do not match',
      '    at applyRope (blob:http://x/dep:7:11)',
      '    at main (blob:http://x/main:5:3)',
    ].join('\n');
    const thrown = Object.assign(new Error('shapes do not match'), { stack });
    const err = toRunError(thrown, {
      url: 'blob:http://x/main',
      map: [],
      modules: [{ url: 'blob:http://x/dep', file: 'snippets/rope/rope.ts', map: [] }],
    });
    expect(err.message).toContain('snippets/rope/rope.ts 第 7 行');
    expect(err).toMatchObject({ line: 5, column: 3 });
  });
  it('word engine messages with file names, not blob: URLs', () => {
    const thrown = new SyntaxError("The requested module 'blob:http://x/dep' does not provide an export named 'nope'");
    const err = toRunError(thrown, {
      url: 'blob:http://x/main',
      map: [],
      modules: [{ url: 'blob:http://x/dep', file: 'snippets/rope/rope.ts', map: [] }],
    });
    expect(err.message).toBe("The requested module 'snippets/rope/rope.ts' does not provide an export named 'nope'");
  });
});

describe('protocol', () => {
  it('accepts a run with its modules and refuses malformed ones', () => {
    const run = { type: 'run', id: 1, code: 'x', backend: 'cpu', path: 'a/b' };
    expect(isPageMessage({ ...run, modules: [{ path: 'c/d', code: 'y' }] })).toBe(true);
    expect(isPageMessage({ ...run, modules: [{ path: 'c/d' }] })).toBe(false);
    expect(isPageMessage({ ...run, modules: 'c/d' })).toBe(false);
    expect(isPageMessage({ ...run, path: 3 })).toBe(false);
  });
});
