#!/usr/bin/env node
// Screenshots a built page: node scripts/shot.mjs /q/rope/ out-dir  -> light, dark, mobile PNGs.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { serve } from './serve.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';

const [, , path = '/', outDir = 'test-results/screenshots'] = process.argv;
mkdirSync(outDir, { recursive: true });
const server = await serve({ port: 0 });
const browser = await chromium.launch(launchOptions());
const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
for (const [label, opts] of [
  ['light', { viewport: { width: 1280, height: 900 }, colorScheme: 'light' }],
  ['dark', { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }],
  [
    'mobile',
    {
      viewport: { width: 390, height: 844 },
      colorScheme: 'light',
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    },
  ],
]) {
  const page = await browser.newPage(opts);
  await page.goto(server.url + path, { waitUntil: 'networkidle' });
  await page.screenshot({ path: `${outDir}/${name}-${label}.png`, fullPage: process.env.FULL === '1' });
  await page.close();
}
await browser.close();
server.close();
console.log(`wrote ${outDir}/${name}-{light,dark,mobile}.png`);
