// Broken content must fail the build with a message naming the file, the field, the bad value and
// the valid choices. Each case builds a scratch copy of the site with one page broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = resolve('.');

function buildWith(mutate) {
  const dir = mkdtempSync(join(tmpdir(), 'bagu-build-'));
  try {
    for (const p of ['src', 'content', 'snippets', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
      cpSync(join(ROOT, p), join(dir, p), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    mutate(dir);
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }, timeout: 180_000,
    });
    return { status: r.status, output: `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
