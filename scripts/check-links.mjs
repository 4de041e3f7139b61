#!/usr/bin/env node
// Link check over the built site: every internal href/src resolves to a file in dist/, and every
// #fragment names an element id on the target page. A missing fragment lists the valid ones.
// A site built under a base path (BASE_PATH=/llm-bagu/) is served from that path: its links read
// /llm-bagu/q/rope/, which is dist/q/rope/index.html, and a link outside the base is an error.
// Usage: node scripts/check-links.mjs [dist] [--base /llm-bagu/]   (the base defaults to $BASE_PATH, else /)
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'parse5';
import { htmlFiles } from './lib/html-files.mjs';

const args = process.argv.slice(2);
const baseAt = args.indexOf('--base');
const baseArg = baseAt >= 0 ? args.splice(baseAt, 2)[1] : undefined;
const root = args[0] ?? 'dist';
/** The base path with one slash at each end, as astro.config.mjs makes it: `/` or `/llm-bagu/`. */
const base = `/${(baseArg || process.env.BASE_PATH || '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
const SKIP = /^(https?:|mailto:|data:|javascript:|blob:)/;

/** Walks a parse5 tree collecting ids and link targets. */
function scan(html) {
  const ids = new Set();
  const links = [];
  const walk = (node) => {
    for (const a of node.attrs ?? []) {
      if (a.name === 'id' || (a.name === 'name' && node.tagName === 'a')) ids.add(a.value);
      if (a.name === 'href' || a.name === 'src') {
        links.push({ tag: node.tagName, value: a.value });
      }
    }
    for (const c of node.childNodes ?? []) walk(c);
    if (node.content) walk(node.content);
  };
  walk(parse(html));
  return { ids, links };
}

/** Maps a URL path (under the base) to the file a static host would serve. */
function fileFor(urlPath) {
  const p = join(root, decodeURIComponent(urlPath.slice(base.length - 1)));
  if (existsSync(p) && statSync(p).isDirectory()) return join(p, 'index.html');
  return p;
}

const pages = new Map();
for (const file of htmlFiles(root)) pages.set(file, scan(readFileSync(file, 'utf8')));

const errors = [];
let checked = 0;
for (const [file, { links }] of pages) {
  const pagePath =
    base +
    relative(root, file)
      .replaceAll('\\', '/')
      .replace(/index\.html$/, '');
  for (const { tag, value } of links) {
    if (!value || SKIP.test(value)) continue;
    if (value.startsWith('//')) {
      errors.push(`${relative(root, file)}: <${tag}> points at another origin: ${value}`);
      continue;
    }
    checked++;
    const url = new URL(value, `http://site${pagePath}`);
    if (!url.pathname.startsWith(base)) {
      errors.push(`${relative(root, file)}: <${tag}> ${value}: outside the base path ${base}`);
      continue;
    }
    const target = value.startsWith('#') || url.pathname === pagePath ? file : fileFor(url.pathname);
    if (!existsSync(target)) {
      errors.push(`${relative(root, file)}: <${tag}> ${value}: no such file (${relative(root, target)})`);
      continue;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment && target.endsWith('.html')) {
      const ids = pages.get(target)?.ids ?? new Set();
      if (!ids.has(fragment)) {
        const valid = [...ids].filter((i) => !i.startsWith('astro-')).sort();
        errors.push(
          `${relative(root, file)}: ${value}: no element with id "${fragment}" on ${relative(root, target)}; valid fragments: ${valid.join(', ')}`,
        );
      }
    }
  }
}

if (errors.length) {
  console.error(`Link check failed (${errors.length}):\n  ${errors.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Link check: ${checked} internal links over ${pages.size} pages, all resolve` +
    (base === '/' ? '.' : ` under the base path ${base}.`),
);
