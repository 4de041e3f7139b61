// `astro dev` picks up a new page, a new bibliography entry and new links without a restart: an
// author writing page N+1 and linking it from page N must not see a stale "dead id" error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Polls `url` until `ok(status, body)` holds; fails with the last answer after `ms`. */
async function until(url, ok, ms = 60_000) {
  const end = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      const body = await r.text();
      if (ok(r.status, body)) return body;
      last = `HTTP ${r.status}: ${body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}: still not as expected after ${ms} ms; last answer: ${last}`);
}

const NEW_PAGE = `---
title: ALiBi 的思路是什么？
seq: 38
section: position
order: 6
summary: "测试用页面：开发服务器不重启也应当认出它、它的参考文献和指向它的链接。"
tags: [ALiBi]
related: [rope]
refs: [press2021alibi]
updated: 2026-12-01
---

## 详解

线性偏置<Cite id="press2021alibi" />，另见 <QLink to="rope" />。

## 原文勘误

## 面试追问
`;

const NEW_REFERENCE = `
- id: press2021alibi
  title: "Train Short, Test Long: Attention with Linear Biases Enables Input Length Extrapolation"
  authors: [Ofir Press, Noah A. Smith, Mike Lewis]
  year: 2021
  venue: ICLR 2022
  arxiv: "2108.12409"
`;

test('astro dev sees a new page, its new reference and a new related link without a restart', async () => {
  const { dir, dispose } = scratchCopy('bagu-dev-');
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

    // A new page with a new reference, then an existing page that links to it.
    appendFileSync(join(dir, 'content/references.yaml'), NEW_REFERENCE);
    writeFileSync(join(dir, 'content/questions/alibi.mdx'), NEW_PAGE);
    const alibi = await until(`${base}/q/alibi/`, (status, body) => status === 200 && body.includes('Attention with Linear Biases'));
    assert.match(alibi, /href="#ref-press2021alibi"/, 'the new page cites its new reference');

    const rope = join(dir, 'content/questions/rope.mdx');
    writeFileSync(rope, readFileSync(rope, 'utf8').replace(/^related: \[rmsnorm\]$/m, 'related: [rmsnorm, alibi]'));
    const page = await until(`${base}/q/rope/`, (status, body) => status === 200 && body.includes('href="/q/alibi/"'));
    assert.doesNotMatch(page, /dead related question id/);

    // And a dead id is still reported precisely, then recovers when fixed.
    writeFileSync(rope, readFileSync(rope, 'utf8').replace('related: [rmsnorm, alibi]', 'related: [rmsnorm, alibii]'));
    await until(`${base}/q/rope/`, (status) => status >= 500 && log.includes('rope.mdx: field "related": received "alibii", expected one of: alibi,'));
    writeFileSync(rope, readFileSync(rope, 'utf8').replace('related: [rmsnorm, alibii]', 'related: [rmsnorm, alibi]'));
    await until(`${base}/q/rope/`, (status) => status === 200);
  } catch (e) {
    e.message += `\n--- astro dev output ---\n${log.slice(-3000)}`;
    throw e;
  } finally {
    dev.kill('SIGTERM');
    dispose();
  }
});
