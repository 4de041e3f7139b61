// Broken content must fail the build with a message naming the file, the field, the bad value and
// the valid choices. Each case builds a scratch copy of the site with one page broken. No browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ASTRO, astroEnv, scratchCopy } from './scratch.mjs';

function buildWith(mutate) {
  const { dir, dispose } = scratchCopy('bagu-build-');
  try {
    mutate(dir);
    const r = spawnSync(process.execPath, [ASTRO, 'build'], { cwd: dir, encoding: 'utf8', env: astroEnv(), timeout: 180_000 });
    return { status: r.status, output: `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
  } finally {
    dispose();
  }
}

/** Rewrites one frontmatter line of content/questions/<page>.mdx. */
function edit(page, from, to) {
  return (dir) => {
    const f = join(dir, 'content/questions', `${page}.mdx`);
    const src = readFileSync(f, 'utf8');
    assert.ok(from.test(src), `fixture: ${from} not found in ${page}.mdx`);
    writeFileSync(f, src.replace(from, to));
  };
}

test('a dead related id fails the build naming file, field, value and choices', () => {
  const { status, output } = buildWith(edit('rope', /^related: .*$/m, 'related: [no-such-page]'));
  assert.notEqual(status, 0);
  assert.match(output, /rope\.mdx/);
  assert.match(output, /related/);
  assert.match(output, /received "no-such-page", expected one of: .*rmsnorm.*rope/);
});

test('a dead refs id fails the build naming file, field, value and choices', () => {
  const { status, output } = buildWith(edit('rmsnorm', /^refs: \[/m, 'refs: [nobody2099, '));
  assert.notEqual(status, 0);
  assert.match(output, /rmsnorm\.mdx/);
  assert.match(output, /refs/);
  assert.match(output, /received "nobody2099", expected one of: /);
});

test('a duplicate seq fails the build naming both files', () => {
  const { status, output } = buildWith(edit('rmsnorm', /^seq: 42$/m, 'seq: 34'));
  assert.notEqual(status, 0);
  assert.match(output, /content\/questions\/(rmsnorm|rope)\.mdx: field "seq": duplicate value 34, already used by content\/questions\/(rope|rmsnorm)\.mdx/);
});

test('a missing field fails the build naming file and field', () => {
  const { status, output } = buildWith(edit('repetition', /^summary: .*$/m, ''));
  assert.notEqual(status, 0);
  assert.match(output, /repetition\.mdx/);
  assert.match(output, /summary/);
});

test('a dead <QLink to> fails the build naming file and the valid choices', () => {
  const { status, output } = buildWith((dir) => {
    const f = join(dir, 'content/questions/rope.mdx');
    writeFileSync(f, readFileSync(f, 'utf8') + '\n\n见 <QLink to="alibi" />。\n');
  });
  assert.notEqual(status, 0);
  assert.match(output, /rope\.mdx: <QLink to>: received "alibi", expected one of: .*rmsnorm/);
});

test('a dead <Figure name> and a wrong order fail the build naming file and the valid choices', () => {
  const { status, output } = buildWith((dir) => {
    edit('rmsnorm', /^order: 2$/m, 'order: 5')(dir);
    const f = join(dir, 'content/questions/rope.mdx');
    writeFileSync(f, readFileSync(f, 'utf8') + '\n\n<Figure name="no-such-figure" caption="图。" />\n');
  });
  assert.notEqual(status, 0);
  assert.match(output, /rope\.mdx: <Figure name>: received "no-such-figure", expected one of: .*rope-rotation/);
  assert.match(output, /rmsnorm\.mdx: field "order": received 5, expected 2/);
});
