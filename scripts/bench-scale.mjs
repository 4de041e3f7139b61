#!/usr/bin/env node
// How the site's costs grow with its number of pages (issue 15): in a scratch copy, builds the real
// site, then the same site grown to each size in --sizes with synthetic question pages, and reports
// per size: build time and peak memory of each build step, the output's size, the search index's
// size, the HTML per page, and what a first search downloads (scripts/bench-search.mjs on that build).
//
//   node scripts/bench-scale.mjs                       sizes 54 (the real site) and 1000
//   node scripts/bench-scale.mjs --sizes 54,300,1000 --keep
//
// A synthetic page is a real page under a new number: title marked 副本 N, its aliases dropped
// (an alias names one page), one sentence with a word of its own (规模副本N / scalecopyN) added, so
// Pagefind indexes every copy as a page of its own. Copies repeat the real vocabulary, so the index
// grows by longer word lists, not by new words: a real 1,000-page corpus would add words too.
// Each number above 54 joins the section of the page it copies, after that section's own numbers.
// A script, not a test: it writes test-results/bench-scale.json and prints a table for README.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { REPO_SOURCES, scratchCopy } from './lib/scratch.mjs';
import { htmlFiles } from './lib/html-files.mjs';
import { median } from './lib/median.mjs';
import { BUILD_STEPS } from './lib/build-steps.mjs';

const { values: opts } = parseArgs({
  options: { sizes: { type: 'string', default: '54,1000' }, keep: { type: 'boolean', default: false } },
});
const SIZES = opts.sizes.split(',').map(Number);
const ROOT = resolve('.');
const { dir, dispose } = scratchCopy({ root: ROOT, prefix: 'bagu-bench-scale-', sources: REPO_SOURCES });
const questions = join(dir, 'content/questions');
const real = readdirSync(questions)
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((f) => ({ slug: f.slice(0, -4), text: readFileSync(join(questions, f), 'utf8') }));
if (SIZES.some((n) => n < real.length)) throw new Error(`--sizes: each size is at least the ${real.length} real pages`);
const field = (text, name) => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1];

// Numbers above 54 are allowed in the copy only: the real schema keeps the original's numbering.
const max = Math.max(...SIZES);
const configFile = join(dir, 'src/content.config.ts');
writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('.max(54)', `.max(${max})`));

/** The synthetic pages for numbers 55..size, each copying real page (n - 55) mod 54. */
function copies(size) {
  const out = [];
  for (let seq = real.length + 1; seq <= size; seq++) {
    const src = real[(seq - real.length - 1) % real.length];
    out.push({ seq, src, section: field(src.text, 'section') });
  }
  return out;
}

/** Writes the pages and the section numbering for `size`; returns the slugs written. */
function grow(size) {
  const extra = copies(size);
  const sectionsFile = join(dir, 'src/lib/sections.ts');
  let sections = readFileSync(join(ROOT, 'src/lib/sections.ts'), 'utf8');
  const bySection = new Map();
  for (const c of extra) bySection.set(c.section, [...(bySection.get(c.section) ?? []), c.seq]);
  const own = new Map(); // section id -> its real numbers' count, for `order`
  sections = sections.replace(/id: '([a-z-]+)',([\s\S]*?)seqs: \[([\d, ]+)\]/g, (m, id, mid, list) => {
    own.set(id, list.split(',').length);
    const add = bySection.get(id) ?? [];
    return `id: '${id}',${mid}seqs: [${[list, ...add].join(', ')}]`;
  });
  writeFileSync(sectionsFile, sections);
  for (const f of readdirSync(questions)) if (f.startsWith('scale-')) rmSync(join(questions, f));
  const rank = new Map();
  for (const { seq, src, section } of extra) {
    const order = own.get(section) + (rank.get(section) ?? 0) + 1;
    rank.set(section, (rank.get(section) ?? 0) + 1);
    const text = src.text
      .replace(/^title: (.*)$/m, (_, t) => `title: ${t.replace(/[？?]$/, '')}（规模副本 ${seq}）？`)
      .replace(/^seq: .*$/m, `seq: ${seq}`)
      .replace(/^order: .*$/m, `order: ${order}`)
      .replace(/^aliases: .*$/m, 'aliases: []');
    const body = text.indexOf('\n---\n', 4) + '\n---\n'.length; // after the frontmatter
    const mark = `\n本页是规模测试的副本：规模副本${seq}，scalecopy${seq}。\n`;
    writeFileSync(join(questions, `scale-${seq}.mdx`), text.slice(0, body) + mark + text.slice(body));
  }
  return extra.length;
}

/** Runs `cmd` in the scratch copy under GNU time; returns its wall time and peak RSS (largest process). */
function timed(cmd) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'bash', '-c', cmd], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  const [s, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds: s, peakMB: kb / 1024 };
}

function folderBytes(p) {
  let n = 0;
  for (const name of readdirSync(p)) {
    const q = join(p, name);
    const st = statSync(q);
    n += st.isDirectory() ? folderBytes(q) : st.size;
  }
  return n;
}
const filesIn = (p, ext) => readdirSync(p).filter((f) => f.endsWith(ext));

// The build's steps (scripts/lib/build-steps.mjs), timed one by one in the scratch copy.
const STEPS = BUILD_STEPS.map((step) => [step.name, ['node', step.script, ...step.args].join(' ')]);
const results = [];
for (const size of SIZES) {
  const synthetic = grow(size);
  for (const p of ['dist', '.astro']) rmSync(join(dir, p), { recursive: true, force: true });
  const steps = Object.fromEntries(STEPS.map(([name, cmd]) => [name, timed(cmd)]));
  const dist = join(dir, 'dist');
  const pf = join(dist, 'pagefind');
  const html = [...htmlFiles(dist)].filter((f) => f.includes('/q/'));
  const gz = html.map((f) => gzipSync(readFileSync(f)).length);
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const out = join(dir, 'test-results', `bench-search-${size}.json`);
  const search = spawnSync('node', [join(ROOT, 'scripts/bench-search.mjs')], {
    cwd: ROOT,
    env: { ...process.env, DIST_DIR: dist, REPEAT: '3', OUT: out },
    encoding: 'utf8',
  });
  if (search.status !== 0) throw new Error(`bench-search failed: ${search.stderr}`);
  const row = {
    pages: size,
    synthetic,
    steps,
    buildSeconds: Object.values(steps).reduce((a, s) => a + s.seconds, 0),
    peakMB: Math.max(...Object.values(steps).map((s) => s.peakMB)),
    distMB: folderBytes(dist) / 1e6,
    pagefindMB: folderBytes(pf) / 1e6,
    indexChunks: filesIn(join(pf, 'index'), '.pf_index').length,
    indexKB: folderBytes(join(pf, 'index')) / 1000,
    fragments: filesIn(join(pf, 'fragment'), '.pf_fragment').length,
    namesKB: statSync(join(pf, 'names.json')).size / 1000,
    questionHtmlGzipKB: { median: median(gz) / 1000, max: Math.max(...gz) / 1000 },
    precacheEntries: (sw.match(/revision:/g) ?? []).length,
    search: JSON.parse(readFileSync(out, 'utf8')).rows,
  };
  results.push(row);
  console.log(`${size} pages built in ${row.buildSeconds.toFixed(0)} s`);
}
mkdirSync(join(ROOT, 'test-results'), { recursive: true });
writeFileSync(join(ROOT, 'test-results/bench-scale.json'), JSON.stringify(results, null, 2));

const cols = [
  ['pages', (r) => r.pages],
  ['build s', (r) => r.buildSeconds.toFixed(0)],
  ['astro s', (r) => r.steps['astro build'].seconds.toFixed(0)],
  ['pagefind s', (r) => r.steps.pagefind.seconds.toFixed(1)],
  ['peak MB', (r) => r.peakMB.toFixed(0)],
  ['dist MB', (r) => r.distMB.toFixed(1)],
  ['index KB (chunks)', (r) => `${r.indexKB.toFixed(0)} (${r.indexChunks})`],
  ['names KB', (r) => r.namesKB.toFixed(1)],
  [
    'page HTML gzip KB med/max',
    (r) => `${r.questionHtmlGzipKB.median.toFixed(1)}/${r.questionHtmlGzipKB.max.toFixed(1)}`,
  ],
  ['precache files', (r) => r.precacheEntries],
  [
    '1st query KB (min-max)',
    (r) =>
      range(
        r.search.map((q) => q.firstQueryKB),
        0,
      ),
  ],
  [
    'cold ms',
    (r) =>
      range(
        r.search.map((q) => q.coldMs),
        0,
      ),
  ],
  [
    'warm ms',
    (r) =>
      range(
        r.search.map((q) => q.warmMs),
        0,
      ),
  ],
];
function range(xs, digits) {
  return `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`;
}
console.log(`| ${cols.map((c) => c[0]).join(' | ')} |`);
console.log(`| ${cols.map(() => '---:').join(' | ')} |`);
for (const r of results) console.log(`| ${cols.map((c) => c[1](r)).join(' | ')} |`);
if (opts.keep) console.log(`scratch copy kept in ${dir}`);
else dispose();
