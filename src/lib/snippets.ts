/**
 * The snippet registry: every runnable module under snippets/<topic>/<name>.ts (tests, reference
 * scripts and the shared test harness excluded). Read at build time only.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

export const SNIPPETS_DIR = 'snippets';

/** `topic/name` for every snippet, sorted. */
export function snippetPaths(root = '.'): string[] {
  const dir = join(root, SNIPPETS_DIR);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const topic of readdirSync(dir)) {
    if (topic.startsWith('_') || topic.startsWith('.') || !statSync(join(dir, topic)).isDirectory()) continue;
    for (const f of readdirSync(join(dir, topic))) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts')) out.push(`${topic}/${f.slice(0, -3)}`);
    }
  }
  return out.sort();
}

export interface SnippetInfo {
  /** `topic/name`. */
  path: string;
  /** The exact file the tests run. */
  code: string;
  /** Short content hash: identifies the verified version in share links and saved edits. */
  version: string;
  /** Repo-relative paths shown in the verified badge. */
  testFile: string;
  referenceScript: string;
  referenceData: string;
  /** Tolerance recorded in the reference data, when present. */
  tolerance?: { atol?: number; rtol?: number };
  /** PyTorch version recorded in the reference data, when present. */
  torch?: string;
}

export function loadSnippet(path: string, root = '.'): SnippetInfo {
  const [topic, name] = path.split('/');
  const file = join(root, SNIPPETS_DIR, `${path}.ts`);
  if (!topic || !name || !existsSync(file)) {
    throw new Error(`<Runnable src>: snippet ${JSON.stringify(path)} not found; expected one of: ${snippetPaths(root).join(', ')}`);
  }
  const code = readFileSync(file, 'utf8');
  const refJson = join(root, SNIPPETS_DIR, topic, 'reference.json');
  const info: SnippetInfo = {
    path,
    code,
    version: createHash('sha256').update(code).digest('hex').slice(0, 10),
    testFile: `${SNIPPETS_DIR}/${topic}/${name}.test.ts`,
    referenceScript: `${SNIPPETS_DIR}/${topic}/reference.py`,
    referenceData: `${SNIPPETS_DIR}/${topic}/reference.json`,
  };
  if (existsSync(refJson)) {
    const ref = JSON.parse(readFileSync(refJson, 'utf8')) as { tolerance?: SnippetInfo['tolerance']; torch?: string };
    if (ref.tolerance) info.tolerance = ref.tolerance;
    if (ref.torch) info.torch = ref.torch;
  }
  return info;
}
