// The snippet contract: every snippets/<topic>/<name>.ts has <name>.test.ts, its topic has reference.py
// and reference.json, it imports nothing but '@tensorflow/tfjs', and it exports `async function main()`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SNIPPETS = fileURLToPath(new URL('..', import.meta.url));
const REPO = join(SNIPPETS, '..');

const topics = readdirSync(SNIPPETS).filter(
  (name) => !name.startsWith('_') && !name.startsWith('.') && statSync(join(SNIPPETS, name)).isDirectory(),
);
const snippetFiles = topics.flatMap((topic) =>
  readdirSync(join(SNIPPETS, topic))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(SNIPPETS, topic, file)),
);

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

      it('has a test file next to it', () => {
        expect(existsSync(file.replace(/\.ts$/, '.test.ts')), `${name}: missing ${name.replace(/\.ts$/, '.test.ts')}`).toBe(true);
      });

      it('its topic has reference.py and a well-formed reference.json', () => {
        expect(existsSync(join(dir, 'reference.py')), `${name}: missing reference.py`).toBe(true);
        const json = join(dir, 'reference.json');
        expect(existsSync(json), `${name}: missing reference.json`).toBe(true);
        const reference = JSON.parse(readFileSync(json, 'utf8'));
        expect(Object.keys(reference)).toEqual(expect.arrayContaining(['generator', 'torch', 'tolerance', 'inputs', 'cases']));
        expect(reference.generator).toBe(relative(REPO, join(dir, 'reference.py')));
        expect(reference.tolerance).toEqual({ atol: expect.any(Number), rtol: expect.any(Number) });
      });

      it("imports nothing but '@tensorflow/tfjs'", () => {
        const modules = importedModules(source);
        expect(modules).toContain('@tensorflow/tfjs');
        expect(modules.filter((m) => m !== '@tensorflow/tfjs'), `${name}: forbidden imports`).toEqual([]);
      });

      it('exports async function main()', () => {
        expect(source, `${name}: no \`export async function main()\``).toMatch(/^export\s+async\s+function\s+main\s*\(/m);
      });
    });
  }
});
