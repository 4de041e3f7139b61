// Broken content must fail the build with a message naming the file, the field, the bad value and
// the valid choices. No browser. The integrity pass reports every broken reference at once, so one
// scratch build with all of them broken checks every message; a schema error stops the build
// earlier, so it gets a build of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { ASTRO, astroEnv, scratchCopy } from './scratch.mjs';

function buildWith(mutate) {
  const { dir, dispose } = scratchCopy('bagu-build-');
  try {
    mutate(dir);
    const r = spawnSync(process.execPath, [ASTRO, 'build'], {
      cwd: dir,
      encoding: 'utf8',
      env: astroEnv(),
      timeout: 180_000,
    });
    return { status: r.status, output: stripVTControlCharacters(`${r.stdout}\n${r.stderr}`) };
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

test('broken cross-references fail the build, each named with file, field, value and choices', () => {
  const { status, output } = buildWith((dir) => {
    edit('rope', /^related: .*$/m, 'related: [no-such-page]')(dir);
    edit('rmsnorm', /^refs: \[/m, 'refs: [nobody2099, ')(dir);
    edit('rmsnorm', /^seq: 42$/m, 'seq: 34')(dir);
    edit('layernorm', /^order: 1$/m, 'order: 5')(dir);
    const f = join(dir, 'content/questions/rope.mdx');
    writeFileSync(
      f,
      readFileSync(f, 'utf8') +
        '\n\n见 <QLink to="no-such-question" />。\n\n<Figure name="no-such-figure" caption="图。" />\n',
    );
  });
  assert.notEqual(status, 0);
  assert.match(output, /rope\.mdx: field "related": received "no-such-page", expected one of: .*rmsnorm.*rope/);
  assert.match(output, /rmsnorm\.mdx: field "refs": received "nobody2099", expected one of: /);
  assert.match(
    output,
    /content\/questions\/(rmsnorm|rope)\.mdx: field "seq": duplicate value 34, already used by content\/questions\/(rope|rmsnorm)\.mdx/,
  );
  assert.match(output, /layernorm\.mdx: field "order": received 5, expected 1/);
  assert.match(output, /rope\.mdx: <QLink to>: received "no-such-question", expected one of: .*rmsnorm/);
  assert.match(output, /rope\.mdx: <Figure name>: received "no-such-figure", expected one of: .*rope-rotation/);
});

test('a missing field fails the build naming file and field', () => {
  const { status, output } = buildWith(edit('repetition', /^summary: .*$/m, ''));
  assert.notEqual(status, 0);
  assert.match(output, /repetition\.mdx/);
  assert.match(output, /summary/);
});
