// A scratch copy of the site (sources only, node_modules linked) for tests that break or grow it.
import { join, resolve } from 'node:path';
import { scratchCopy as copy } from '../../scripts/lib/scratch.mjs';

export const ROOT = resolve('.');
export const ASTRO = join(ROOT, 'node_modules/astro/bin/astro.mjs');

/** Copies the site's sources into a new temporary folder; `dispose()` removes it. */
export const scratchCopy = (prefix = 'bagu-') => copy({ root: ROOT, prefix });

/** Astro's environment for child processes: no telemetry, no colour codes in messages. */
export const astroEnv = () => ({ ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' });
