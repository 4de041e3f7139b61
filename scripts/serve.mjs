#!/usr/bin/env node
// Serves dist/ on 127.0.0.1 the way a static host would: directory indexes, the 404 page, correct
// MIME types (application/wasm matters for tfjs and Pagefind). Used by `npm run preview` and the e2e tests.
// Options (env for the command line): `base` (BASE_PATH) serves the site under a sub-path, as GitHub
// Pages serves a project site; `headers` (HEADERS=1) applies dist/_headers as Netlify and Cloudflare
// Pages do (cross-origin isolation, cache rules) instead of the built-in cache rule.
import { createServer } from 'node:http';
import { createGzip } from 'node:zlib';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseBase } from '../src/lib/base-path.ts';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/**
 * Parses a `_headers` file (Netlify / Cloudflare Pages format: a path pattern, then indented
 * `Name: value` lines; `*` matches anything, `:name` one path segment) into a function from a
 * path to the headers of every rule it matches, values of one header joined as Cloudflare does.
 */
export function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      const re = pattern.replaceAll('*', '.*').replace(/:[A-Za-z]\w*/g, '[^/]+');
      rules.push({ re: new RegExp(`^${re}$`), headers: [] });
      continue;
    }
    const m = /^\s+([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || rules.length === 0) throw new Error(`_headers: cannot read line: ${line}`);
    rules.at(-1).headers.push([m[1].toLowerCase(), m[2].trim()]);
  }
  return (path) => {
    const out = {};
    for (const { re, headers } of rules)
      if (re.test(path)) for (const [k, v] of headers) out[k] = out[k] ? `${out[k]}, ${v}` : v;
    return out;
  };
}

/** `/`, or the path with exactly one slash at each end (`/llm-bagu/`), as astro.config.mjs makes it. */
const basePath = normaliseBase;

/**
 * Starts the server; resolves with the site's URL (`url`, ending in the base path without its last
 * slash, so `url + '/q/rope/'` works under any base) and `origin`. Port 0 picks a free port.
 */
export function serve({ root = 'dist', port = 4321, host = '127.0.0.1', base = '/', headers = false } = {}) {
  const dir = resolve(root);
  const prefix = basePath(base);
  const rulesFile = join(dir, '_headers');
  if (headers && !existsSync(rulesFile)) throw new Error(`serve: headers asked for, but ${rulesFile} does not exist`);
  const rules = headers ? parseHeaders(readFileSync(rulesFile, 'utf8')) : null;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (`${url.pathname}/` === prefix) {
      res.writeHead(301, { location: `${prefix}${url.search}` }).end();
      return;
    }
    // The path inside dist/ ('/q/rope/'); null when the request is outside the base path.
    const inSite = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length - 1) : null;
    let path = normalize(join(dir, decodeURIComponent(inSite ?? '/404.html')));
    if (!path.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (inSite !== null && existsSync(path) && statSync(path).isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      path = join(path, 'index.html');
    }
    let status = 200;
    // Hosts read _headers and do not serve it.
    if (inSite === null || inSite === '/_headers' || !existsSync(path)) {
      status = 404;
      path = join(dir, '404.html');
    }
    const type = MIME[extname(path)] ?? 'application/octet-stream';
    // A miss gets the 404 page's headers (never an immutable cache rule of the path asked for).
    const extra = rules ? rules(status === 404 ? '/404.html' : inSite) : {};
    const cache =
      extra['cache-control'] ??
      (rules ? 'public, max-age=0, must-revalidate' : null) ?? // what Netlify and Cloudflare send by default
      (inSite?.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    // Compress text like any static host does; Lighthouse and the bench measure transfer sizes.
    const compressible = /^(text\/|application\/(json|xml|wasm)|image\/svg)/.test(type);
    const gzip = compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(status, {
      ...extra,
      'content-type': type,
      'cache-control': cache,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    const body = createReadStream(path);
    if (gzip) body.pipe(createGzip()).pipe(res);
    else body.pipe(res);
  });
  return new Promise((ok) =>
    server.listen(port, host, () => {
      const addr = server.address();
      const origin = `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}`;
      // close() also drops kept-alive connections: after it, nothing is served (the offline test).
      ok({
        url: `${origin}${prefix.slice(0, -1)}`,
        origin,
        close: () => {
          server.close();
          server.closeAllConnections();
        },
      });
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 4321);
  const headers = process.env.HEADERS === '1';
  const { url } = await serve({ port, base: process.env.BASE_PATH || '/', headers });
  console.log(`大模型八股精校: serving dist/ at ${url}/${headers ? ' with dist/_headers' : ''}  (Ctrl+C to stop)`);
}
