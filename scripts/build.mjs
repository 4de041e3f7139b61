#!/usr/bin/env node
// `npm run build`: the build steps of scripts/lib/build-steps.mjs, one after another, in this folder.
import { spawnSync } from 'node:child_process';
import { BUILD_STEPS, stepArgs } from './lib/build-steps.mjs';

const root = new URL('..', import.meta.url).pathname;
for (const step of BUILD_STEPS) {
  const r = spawnSync(process.execPath, stepArgs(step, root), { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build step "${step.name}" failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}
