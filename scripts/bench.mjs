#!/usr/bin/env node
// `npm run bench`: the whole benchmark, a script and not a test (timings are not asserted anywhere).
// Builds the site (timed), then runs, one after another on a quiet machine:
//   bench-site.mjs    every page: first-visit bytes by type, requests, Lighthouse mobile × 5
//   bench-search.mjs  search: first result cold and warm, first-query bytes
//   bench-runner.mjs  the runner: 运行 → first output per backend, bytes per interaction
// and writes everything to test-results/bench.json. Flags:
//   --no-build                  measure the dist/ that is there
//   --runs N                    Lighthouse runs per page (default 5)
//   --against <dist folder>     also measure another built site, interleaved, and print ratios
//   --against-pages N           how many of its pages (spread over its page list; default 12)
// About 35 minutes on this project's 2-core machine for 65 pages × 5 runs; --runs 1 for a look.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    against: { type: 'string' },
    'against-pages': { type: 'string', default: '12' },
  },
});
const run = (cmd, args, env = {}) => {
  const start = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return { status: r.status, seconds: (Date.now() - start) / 1000 };
};
const read = (f) => JSON.parse(readFileSync(f, 'utf8'));

const result = { date: new Date().toISOString(), node: process.version };
if (!opts['no-build']) {
  const build = run('npm', ['run', '--silent', 'build']);
  if (build.status !== 0) process.exit(build.status ?? 1);
  result.buildSeconds = build.seconds;
  console.log(`\nbuild: ${build.seconds.toFixed(0)} s`);
}
const siteArgs = ['scripts/bench-site.mjs', '--runs', opts.runs];
if (opts.against) siteArgs.push('--against', opts.against, '--against-pages', opts['against-pages']);
const parts = [
  ['site', 'node', siteArgs, 'test-results/bench-site.json'],
  ['search', 'node', ['scripts/bench-search.mjs'], 'test-results/bench-search.json'],
  ['runner', 'node', ['scripts/bench-runner.mjs'], 'test-results/bench-runner.json'],
];
let failed = false;
for (const [name, cmd, args, out] of parts) {
  console.log(`\n== ${name}`);
  const r = run(cmd, args, { OUT: out });
  // The runner bench exits 1 when it misses a target: its figures are still written and kept.
  result[name] = { seconds: r.seconds, exit: r.status, ...read(out) };
  failed ||= r.status !== 0;
}
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.json', JSON.stringify(result, null, 2));
console.log('\nwrote test-results/bench.json');
process.exit(failed ? 1 : 0);
