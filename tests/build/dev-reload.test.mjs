// `astro dev` picks up a new page, a new bibliography entry and new links without a restart: an
// author writing page N+1 and linking it from page N must not see a stale "dead id" error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ASTRO, astroEnv, scratchCopy } from './scratch.mjs';

/** A free TCP port on 127.0.0.1. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * Polls `url` until `ok(status, body)` holds; fails with the last answer after `ms`.
 */
async function until(url, ok, ms = 120_000) {
  const end = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      const body = await r.text();
      if (ok(r.status, body)) return body;
      last = `HTTP ${r.status}: ${body
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 300)}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}: still not as expected after ${ms} ms; last answer: ${last}`);
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/**
 * Writes `files` ([path, text] pairs, in order) and waits, sending no request, until the dev server
 * has rewritten its content store (.astro/data-store.json). Why quiet: Astro 7.3 clears its
 * getStaticPaths cache when the store is written, but a request already in flight at that moment
 * stores the paths it computed from the old store after the clear, and they stay until the next
 * store write (a browser's reload comes after the clear, so an author does not see this; a test
 * polling four times a second does, about every other run). If the store is not rewritten in 20 s
 * (a missed watcher event on a loaded machine), the last file is written again with a new trailing
 * comment, so that its content, and so the store, really changes.
 */
async function change(dir, files, ms = 120_000) {
  const store = join(dir, '.astro/data-store.json');
  const before = mtime(store);
  for (const [path, text] of files) writeFileSync(path, text);
  const end = Date.now() + ms;
  let nextSave = Date.now() + 20_000;
  for (let saves = 1; mtime(store) === before;) {
    if (Date.now() > end) throw new Error(`the dev server did not rewrite ${store} in ${ms} ms`);
    if (Date.now() > nextSave) {
      const [path, text] = files[files.length - 1];
      writeFileSync(path, `${text}\n{/* saved again (${saves++}) */}\n`);
      nextSave = Date.now() + 20_000;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // The store is written in one rename; give the invalidation a moment to reach the renderer.
  await new Promise((r) => setTimeout(r, 500));
}

// The page that arrives while the server runs: an existing one, taken out of the scratch copy
// (with every link to it) before the server starts, so this works however many numbers are taken.
const ARRIVING = 'repetition';

const NEW_REFERENCE = `
- id: dev-reload-new-reference
  title: "A Reference Added While the Dev Server Runs"
  authors: [Test Author]
  year: 2026
  venue: test fixture
  url: https://example.org/dev-reload
`;

/** Removes `slug` from every `related` list and turns each <QLink to="slug"> into plain text. */
function unlink(dir, slug) {
  const folder = join(dir, 'content/questions');
  for (const file of readdirSync(folder)) {
    const path = join(folder, file);
    const src = readFileSync(path, 'utf8')
      .replace(
        /^(related: \[)([^\]]*)\]/m,
        (_, head, list) =>
          `${head}${list
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s && s !== slug)
            .join(', ')}]`,
      )
      .replace(new RegExp(`<QLink to="${slug}"\\s*/>`, 'g'), slug)
      .replace(new RegExp(`<QLink to="${slug}"\\s*>([\\s\\S]*?)</QLink>`, 'g'), '$1');
    writeFileSync(path, src);
  }
}

test('astro dev sees a new page, its new reference and a new related link without a restart', async () => {
  const { dir, dispose } = scratchCopy('bagu-dev-');
  const arrivingFile = join(dir, 'content/questions', `${ARRIVING}.mdx`);
  const arriving = readFileSync(arrivingFile, 'utf8');
  rmSync(arrivingFile);
  unlink(dir, ARRIVING);
  const port = await freePort();
  const dev = spawn(process.execPath, [ASTRO, 'dev', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: astroEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  dev.stdout.on('data', (d) => (log += d));
  dev.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(`${base}/q/rope/`, (status) => status === 200, 120_000);

    // A new page citing a new reference, then an existing page that links to it.
    await until(`${base}/q/${ARRIVING}/`, (status) => status === 404);
    const references = join(dir, 'content/references.yaml');
    const withCite = arriving
      .replace(/^refs: \[/m, 'refs: [dev-reload-new-reference, ')
      .replace(/^## 详解\n/m, '## 详解\n\n新加的文献<Cite id="dev-reload-new-reference" />。\n');
    await change(dir, [
      [references, readFileSync(references, 'utf8') + NEW_REFERENCE],
      [arrivingFile, withCite],
    ]);
    const page = await until(
      `${base}/q/${ARRIVING}/`,
      (status, body) => status === 200 && body.includes('A Reference Added While the Dev Server Runs'),
    );
    assert.match(page, /href="#ref-dev-reload-new-reference"/, 'the new page cites its new reference');

    const rope = join(dir, 'content/questions/rope.mdx');
    const linked = readFileSync(rope, 'utf8').replace(/^related: \[/m, `related: [${ARRIVING}, `);
    await change(dir, [[rope, linked]]);
    await until(`${base}/q/rope/`, (status, body) => status === 200 && body.includes(`href="/q/${ARRIVING}/"`));

    // And a dead id is still reported precisely, then recovers when fixed.
    const dead = linked.replace(`related: [${ARRIVING}, `, `related: [${ARRIVING}x, `);
    await change(dir, [[rope, dead]]);
    const expected = `rope.mdx: field "related": received "${ARRIVING}x", expected one of: `;
    await until(`${base}/q/rope/`, (status) => status >= 500 && log.includes(expected));
    await change(dir, [[rope, linked]]);
    await until(`${base}/q/rope/`, (status) => status === 200);
  } catch (e) {
    const quiet = log.replace(/^.*(\[404\]|getStaticPaths|Possible dynamic routes).*\n(\s*\n)*/gm, '');
    e.message += `\n--- astro dev output (404 lines left out) ---\n${quiet.slice(-3000)}`;
    throw e;
  } finally {
    dev.kill('SIGTERM');
    dispose();
  }
});
