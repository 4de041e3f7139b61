// A scratch copy of the site (sources only, node_modules linked) for tests that break or grow it.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve('.');
export const ASTRO = join(ROOT, 'node_modules/astro/bin/astro.mjs');
const SOURCES = ['src', 'content', 'snippets', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/** Copies the site's sources into a new temporary folder; `dispose()` removes it. */
export function scratchCopy(prefix = 'bagu-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const p of SOURCES) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Astro's environment for child processes: no telemetry, no colour codes in messages. */
export const astroEnv = () => ({ ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' });
