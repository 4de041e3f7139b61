// The steps of `npm run build`, in order, as one list: scripts/build.mjs runs them, and so do the
// sub-path build test (tests/e2e/base-path.test.mjs) and the scale bench, so a step added here
// reaches all three. Paths are relative to the repository root; each step runs with the site's
// folder as its working directory and writes into its dist/.
import { join } from 'node:path';

export const BUILD_STEPS = [
  { name: 'astro build', script: 'node_modules/astro/bin/astro.mjs', args: ['build'] },
  { name: 'KaTeX fonts', script: 'scripts/subset-katex-fonts.mjs', args: ['dist'] },
  { name: 'pagefind', script: 'node_modules/pagefind/lib/runner/bin.cjs', args: ['--site', 'dist'] },
  { name: 'search names', script: 'scripts/search-names.mjs', args: ['dist'] },
  { name: 'service worker', script: 'scripts/build-sw.mjs', args: ['dist'] },
];

/** A step's arguments for `node`, with its script under `root`. */
export const stepArgs = (step, root) => [join(root, step.script), ...step.args];
