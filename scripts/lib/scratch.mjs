// A scratch copy of the repository's sources (node_modules linked; no dist or .git) in a temporary
// folder, for code that changes content and builds or tests there: tests/build, synth-scale.mjs,
// bench-scale.mjs.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What `astro build` and `astro dev` read. */
export const SITE_SOURCES = [
  'src',
  'content',
  'snippets',
  'public',
  'astro.config.mjs',
  'package.json',
  'tsconfig.json',
];
/** What `npm test` and the post-build scripts read besides. */
export const REPO_SOURCES = [
  ...SITE_SOURCES,
  'scripts',
  'tests',
  '.ci',
  'vitest.config.ts',
  'vitest.dist.config.ts',
  'eslint.config.js',
  '.prettierrc.json',
  '.prettierignore',
];

/**
 * Copies `sources` of the repository at `root` into a new folder `<tmp>/<prefix>XXXXXX` and links
 * its node_modules; with `shared`, also links ../shared beside it (the original text, where the
 * content tests look for it). `dispose()` removes what it made.
 */
export function scratchCopy({ root = resolve('.'), prefix = 'bagu-', sources = SITE_SOURCES, shared = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const p of sources) cpSync(join(root, p), join(dir, p), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  if (shared) symlinkSync(resolve(root, '..', 'shared'), join(dir, '..', 'shared'), 'dir');
  return {
    dir,
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      if (shared) rmSync(join(dir, '..', 'shared'), { force: true });
    },
  };
}
