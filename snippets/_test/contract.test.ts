// The snippet contract (snippets/README.md): every snippets/<topic>/<name>.ts has <name>.test.ts that
// uses snippetSuite, its topic has reference.py and a reference.json of the one shape with main.<name>,
// it imports nothing but '@tensorflow/tfjs' and other snippet files (by relative path with .ts, no
// cycles: the runner ships exactly those), and it exports `async function main()`.
import { existsSync, readFileSync } from 'node:fs';
import { importedModules as snippetModules, snippetPaths } from '../../src/lib/snippets';
import { resolveSnippetImport } from '../../src/runner/shared/modules';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SNIPPETS = fileURLToPath(new URL('..', import.meta.url));
const REPO = join(SNIPPETS, '..');

const snippetFiles = snippetPaths(REPO).map((path) => join(SNIPPETS, `${path}.ts`));

/** Every module specifier: static imports / re-exports, side-effect imports, dynamic import(), require(). */
function importedModules(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[\w*\s{},$]*?\s+from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*([^)]*)\)/g,
    /\brequire\s*\(\s*([^)]*)\)/g,
  ];
  return patterns.flatMap((re) => [...code.matchAll(re)].map((m) => (m[1] ?? '').trim().replace(/^['"]|['"]$/g, '')));
}

describe('snippet contract', () => {
  it('finds the snippets', () => {
    expect(snippetFiles.length).toBeGreaterThan(0);
  });

  it('the import scanner catches what it must', () => {
    expect(importedModules(`import * as tf from '@tensorflow/tfjs';`)).toEqual(['@tensorflow/tfjs']);
    expect(importedModules(`import { a, b } from "./x";\nimport 'y';\nconst z = require('fs');`).sort()).toEqual(
      ['./x', 'fs', 'y'].sort(),
    );
    expect(importedModules(`export { q } from './other';\nawait import('node:fs');`).sort()).toEqual(
      ['./other', 'node:fs'].sort(),
    );
  });

  for (const file of snippetFiles) {
    const name = relative(REPO, file);
    describe(name, () => {
      const source = readFileSync(file, 'utf8');
      const dir = join(file, '..');

      it('has a test file next to it that runs snippetSuite', () => {
        const testFile = file.replace(/\.ts$/, '.test.ts');
        expect(existsSync(testFile), `${name}: missing ${relative(REPO, testFile)}`).toBe(true);
        expect(
          readFileSync(testFile, 'utf8'),
          `${relative(REPO, testFile)}: call snippetSuite(import.meta.url, ...)`,
        ).toMatch(/\bsnippetSuite\(\s*import\.meta\.url\b/);
      });

      it('its topic has reference.py and a reference.json of the one shape, with main.<name>', () => {
        expect(existsSync(join(dir, 'reference.py')), `${name}: missing reference.py`).toBe(true);
        const json = join(dir, 'reference.json');
        expect(existsSync(json), `${name}: missing reference.json (run scripts/gen-reference.sh)`).toBe(true);
        const reference = JSON.parse(readFileSync(json, 'utf8'));
        const keys = Object.keys(reference)
          .filter((k) => k !== 'notes')
          .sort();
        expect(keys).toEqual(['cases', 'generator', 'inputs', 'main', 'tolerance', 'torch']);
        expect(reference.generator).toBe(relative(REPO, join(dir, 'reference.py')));
        expect(reference.tolerance).toEqual({ atol: expect.any(Number), rtol: expect.any(Number) });
        const stem = basename(file, '.ts');
        expect(Object.keys(reference.main[stem] ?? {}), `${name}: reference.json main.${stem} is empty`).not.toEqual(
          [],
        );
      });

      it("imports nothing but '@tensorflow/tfjs' and other snippets, statically and without cycles", () => {
        const modules = importedModules(source);
        expect(modules).toContain('@tensorflow/tfjs');
        const path = relative(SNIPPETS, file).replace(/\.ts$/, '');
        expect(
          modules.filter((m) => m !== '@tensorflow/tfjs' && resolveSnippetImport(path, m) === null),
          `${name}: forbidden imports (only '@tensorflow/tfjs' and snippet files such as '../rope/rope.ts')`,
        ).toEqual([]);
        // The runner rewrites static imports only; the build resolves them and refuses cycles.
        expect(source, `${name}: import other snippets statically`).not.toMatch(/\bimport\s*\(\s*['"]\./);
        expect(() => snippetModules(path, source, REPO)).not.toThrow();
      });

      it('exports async function main()', () => {
        expect(source, `${name}: no \`export async function main()\``).toMatch(
          /^export\s+async\s+function\s+main\s*\(/m,
        );
      });
    });
  }
});
