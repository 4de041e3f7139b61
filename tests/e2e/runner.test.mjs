// End-to-end tests of the in-browser runner (<snippet-runner>, src/runner/) against the built site.
// Run after `npm run build`: node --test tests/e2e/runner.test.mjs   (DIST_DIR=… to test another build)
//
// What only a browser can show: every snippet gives Node's numbers on WebGPU, WebGL, WASM and CPU;
// Stop and the timeout really end a runaway loop; errors point at the reader's line; edits survive a
// reload; share links round-trip without running; nothing loads before the reader acts and nothing
// comes from another origin. Work is kept small: the GPUs here are software (SwiftShader).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { chromium } from 'playwright-core';
import { launchOptions, useSite } from './browser.mjs';
import { chartData, describeValue, formatConsoleArgs, tensorValue } from '../../src/runner/shared/format.ts';
import { snippetPaths } from '../../src/lib/snippets.ts';
import { editKey } from '../../src/runner/page/storage.ts';
import { compareClose, decode, fromFlat } from '../../snippets/_test/compare.ts';
import lzString from 'lz-string'; // CommonJS: no named exports in Node
const { compressToEncodedURIComponent } = lzString;

tf.env().set('IS_TEST', true); // no "use tfjs-node" banner
const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const DIST = process.env.DIST_DIR ?? 'dist';
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Every snippet under snippets/ (the source of truth: a new folder is tested with no edit here). */
const SNIPPETS = snippetPaths();

/** snippet path -> the built question page that embeds it. */
function snippetPages() {
  const found = new Map();
  const pages = [];
  const q = join(DIST, 'q');
  if (existsSync(q)) for (const slug of readdirSync(q).sort()) pages.push(`/q/${slug}/`);
  for (const path of pages) {
    const file = join(DIST, path, 'index.html');
    if (!existsSync(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/<snippet-runner[^>]*data-snippet="([^"]+)"/g)) {
      if (!found.has(m[1])) found.set(m[1], path);
    }
  }
  return found;
}

const PAGES = snippetPages();
const firstPage = () => PAGES.get('rope/rope') ?? [...PAGES.values()][0];

const site = useSite({ before, after }, DIST);

/** A fresh context (own localStorage) and page; records every request and page error. */
async function open(path, options = {}) {
  const context = await site.browser.newContext({ serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url + path, { waitUntil: 'networkidle' });
  await page.waitForSelector('snippet-runner[data-ready]');
  return { context, page, requests, errors };
}

/** The first snippet page with its first runner set to CPU (quick and the same on every machine). */
async function openOnCpu(options = {}) {
  const opened = await open(firstPage(), options);
  const runner = opened.page.locator('snippet-runner').first();
  await runner.locator('select[data-part=backend]').selectOption('cpu');
  return { ...opened, runner };
}

/** The <snippet-runner> for `snippet` on the page. */
const runnerOf = (page, snippet) => page.locator(`snippet-runner[data-snippet="${snippet}"]`);

/**
 * Scrolls `runner` into view and waits two frames: a page's sections off screen are skipped
 * (content-visibility: auto), and text in a skipped section has no layout, so innerText reads ''.
 * A reader looks at a runner before reading its badge or notice; so do these tests.
 */
async function inView(page, runner) {
  await runner.scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Presses 运行 (or runs `trigger`) and resolves with the run's final message plus what the output
 * panel shows: console lines (log level only, in order), status and error text.
 */
async function run(runner, trigger = () => runner.locator('[data-action=run]').click()) {
  await runner.evaluate((el) => {
    el.__final = new Promise((resolve) => el.addEventListener('snippet-run', (e) => resolve(e.detail), { once: true }));
  });
  await trigger();
  const final = await runner.evaluate((el) => el.__final);
  const out = await runner.evaluate((el) => ({
    lines: [...el.querySelectorAll('.runner-log .log-line.log-log')].map((n) => n.textContent),
    notes: [...el.querySelectorAll('.runner-log .log-note')].map((n) => n.textContent),
    status: el.querySelector('[data-part=status]').textContent,
    errors: [...el.querySelectorAll('.runner-error')].map((n) => n.textContent),
    backend: el.querySelector('[data-part=output]').dataset.backend ?? null,
  }));
  return { final, ...out };
}

/**
 * Waits until the editor has saved an edit of `snippet` (it saves after a short pause) whose code
 * contains `text` and, when given, is not `unlike`.
 */
async function waitForSaved(page, snippet, text, unlike) {
  await page.waitForFunction(
    ([key, t, u]) => {
      const code = JSON.parse(localStorage.getItem(key) ?? 'null')?.code;
      return typeof code === 'string' && code.includes(t) && code !== u;
    },
    [editKey(snippet), text, unlike ?? null],
  );
}

/** Replaces the code in the editor (opening it first) as a reader would: select all, type. */
async function typeCode(page, runner, code) {
  if ((await runner.locator('.cm-content').count()) === 0) await runner.locator('[data-action=edit]').click();
  const content = runner.locator('.cm-content');
  await content.waitFor();
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

/** Runs the snippet's main() in Node on tfjs's cpu backend: its console lines, formatted the way the worker formats them. */
async function nodeRun(snippet) {
  const mod = await import(pathToFileURL(join('snippets', `${snippet}.ts`)).href);
  await tf.setBackend('cpu');
  const ctx = { isTensor: (v) => v instanceof tf.Tensor, tensor: (t) => tensorValue(t.dtype, t.shape, t.dataSync()) };
  const lines = [];
  const log = console.log;
  console.log = (...args) => lines.push(formatConsoleArgs(args.map((a) => describeValue(a, ctx))));
  let returned;
  try {
    returned = await mod.main();
  } finally {
    console.log = log;
  }
  for (const v of Object.values(returned ?? {})) if (v instanceof tf.Tensor) v.dispose();
  return { lines };
}

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|NaN|-?Infinity/gi;

/**
 * Compares printed lines: the text between numbers must match exactly; each number within
 * atol + rtol·|expected| plus one unit of the last printed digit (both sides print rounded values).
 */
function assertLinesClose(actual, expected, tol, label) {
  assert.equal(
    actual.length,
    expected.length,
    `${label}: ${actual.length} lines printed, Node printed ${expected.length}\n${actual.join('\n')}`,
  );
  actual.forEach((line, i) => {
    const exp = expected[i];
    assert.equal(line.replace(NUMBER, '#'), exp.replace(NUMBER, '#'), `${label}, line ${i + 1}: text differs`);
    const a = line.match(NUMBER) ?? [];
    const e = exp.match(NUMBER) ?? [];
    e.forEach((es, k) => {
      const [x, y] = [Number(a[k]), Number(es)];
      if (!Number.isFinite(y)) return assert.equal(a[k], es, `${label}, line ${i + 1}`);
      const dec = /\.(\d+)/.exec(es.split(/e/i)[0])?.[1].length ?? 0;
      const exp10 = Number(/e([-+]?\d+)/i.exec(es)?.[1] ?? 0);
      const ulp = 10 ** (exp10 - dec);
      assert.ok(
        Math.abs(x - y) <= tol.atol + tol.rtol * Math.abs(y) + ulp,
        `${label}, line ${i + 1}: ${a[k]} vs Node ${es}\n  ${line}\n  ${exp}`,
      );
    });
  });
}

/** main()'s result as the page reports it, against reference.json's main.<name>, by the shared comparator. */
function assertMatchesReference(result, expected, tol, label) {
  const got = Object.fromEntries(result.map((r) => [r.name, r.value]));
  assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort(), `${label}: returned keys`);
  for (const [name, exp] of Object.entries(expected)) {
    // A chart object (`{ x, y, … }`, `{ labels, values, … }`): reference.json holds its numbers.
    const v = chartData(got[name]) ?? got[name];
    let actual;
    if (v.kind === 'number') actual = v.value;
    else {
      assert.ok(v.kind === 'tensor' || v.kind === 'numeric', `${label}: ${name} is ${v.kind}`);
      assert.equal(v.complete, true, `${label}: ${name} was not transferred whole`);
      actual = fromFlat(v.values, v.shape);
    }
    const { ok, problems } = compareClose(actual, decode(exp), tol, `${label}: ${name}`);
    assert.ok(ok, problems.join('\n'));
  }
}

/** The PyTorch reference data of a snippet's topic; every backend, GPUs included, meets its tolerance. */
const referenceOf = (snippet) =>
  JSON.parse(readFileSync(join('snippets', snippet.split('/')[0], 'reference.json'), 'utf8'));

test('every snippet is embedded on some page', () => {
  assert.ok(SNIPPETS.length > 0, 'no snippets found');
  for (const snippet of SNIPPETS) {
    assert.ok(
      PAGES.has(snippet),
      `no built page embeds <Runnable src="${snippet}" />; found ${[...PAGES.keys()].join(', ')}`,
    );
  }
});

test('before any click the page loads no runner, tfjs, transpiler or editor code', async () => {
  const { context, page, requests } = await open(firstPage());
  const js = requests.filter((u) => u.endsWith('.js'));
  // Only the element's script (and Vite's preload helper it imports), the header's script, the
  // 待复习 control's script with the practice-state code it loads after first paint (src/practice),
  // and the service worker's registration after load (src/scripts/offline.ts).
  const bad = js.filter(
    (u) =>
      !/\/(Runnable|BaseLayout|ReviewMark)\.astro_astro_type_script[^/]*\.js$|\/preload-helper[^/]*\.js$/.test(u) &&
      !/\/_astro\/(marks|storage|offline)\.[\w-]+\.js$/.test(u),
  );
  assert.deepEqual(bad, [], 'scripts loaded before any interaction');
  assert.ok(!requests.some((u) => u.endsWith('.wasm')), 'no .wasm before interaction');
  assert.equal(
    await page.evaluate(
      () =>
        performance.getEntriesByType('resource').filter((r) => /worker|tfjs|sucrase|codemirror|editor/i.test(r.name))
          .length,
    ),
    0,
  );
  await context.close();
});

for (const snippet of SNIPPETS) {
  test(`${snippet}: PyTorch's numbers, and Node's printed lines, on WebGPU, WebGL, WASM and CPU`, async () => {
    const path = PAGES.get(snippet);
    assert.ok(path, `no page embeds ${snippet}`);
    const expected = await nodeRun(snippet);
    assert.ok(expected.lines.length > 0);
    const { context, page, requests, errors } = await open(path);
    const runner = runnerOf(page, snippet);
    for (const backend of BACKENDS) {
      await runner.locator('select[data-part=backend]').selectOption(backend);
      const out = await run(runner);
      assert.equal(
        out.final?.type,
        'done',
        `${snippet} on ${backend}: ${JSON.stringify(out.final?.error ?? out.errors)}`,
      );
      assert.equal(
        out.final.backend,
        backend,
        `${snippet}: asked for ${backend}, ran on ${out.final.backend} (${out.notes.join('; ')})`,
      );
      assert.match(
        out.status,
        new RegExp(`后端 ${{ webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' }[backend]}`),
      );
      assert.match(out.status, /用时 [\d.]+ ms/);
      assert.equal(out.final.leakedTensors, 0, `${snippet} leaked tensors on ${backend}`);
      const reference = referenceOf(snippet);
      assertLinesClose(out.lines, expected.lines, reference.tolerance, `${snippet} on ${backend}`);
      assertMatchesReference(
        out.final.result,
        reference.main[snippet.split('/')[1]],
        reference.tolerance,
        `${snippet} on ${backend}`,
      );
    }
    // Plots for the returned series / matrices, each an accessible SVG.
    const plots = await runner.locator('svg.plot[role=img]').count();
    assert.ok(plots >= 1, 'returned arrays are plotted');
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(site.origin) && !u.startsWith('blob:') && !u.startsWith('data:')),
      [],
      'requests to other origins',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('backends are separate chunks: a CPU run loads neither WebGPU nor WebGL code; WASM loads its .wasm from this site', async () => {
  const { context, page, requests } = await open(firstPage());
  const bodies = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('.js')) bodies.push(await r.text().catch(() => ''));
  });
  const runner = page.locator('snippet-runner').first();
  await runner.locator('select[data-part=backend]').selectOption('cpu');
  assert.equal((await run(runner)).final.type, 'done');
  // String literals that exist only in @tensorflow/tfjs-backend-webgpu / -webgl.
  // Vite bundles workers as one IIFE unless astro.config.mjs sets vite.worker.format = 'es'.
  const hint = ' (one worker bundle: does astro.config.mjs set vite: { worker: { format: "es" } }?)';
  assert.ok(
    !bodies.some((b) => b.includes('poor on the webgpu backend')),
    'WebGPU backend code loaded for a CPU run' + hint,
  );
  assert.ok(
    !bodies.some((b) => b.includes('WEBGL_FORCE_F16_TEXTURES')),
    'WebGL backend code loaded for a CPU run' + hint,
  );
  assert.ok(!requests.some((u) => u.endsWith('.wasm')));
  await runner.locator('select[data-part=backend]').selectOption('wasm');
  assert.equal((await run(runner)).final.backend, 'wasm');
  const wasm = requests.filter((u) => u.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one .wasm file: ${wasm.join(', ')}`);
  assert.ok(wasm[0].startsWith(site.origin + '/_astro/'), wasm[0]);
  await context.close();
});

test('停止 ends while (true) {}; the timeout ends it too; the next run works', async () => {
  const { context, page, runner } = await openOnCpu();
  await typeCode(page, runner, "export async function main() {\n  console.log('start');\n  while (true) {}\n}\n");
  await runner.evaluate((el) => {
    el.__final = new Promise((resolve) => el.addEventListener('snippet-run', (e) => resolve(e.detail), { once: true }));
  });
  await runner.locator('[data-action=run]').click();
  await runner.locator('[data-part=status]').filter({ hasText: '正在 CPU 上运行' }).waitFor();
  await runner.locator('.runner-log .log-line').filter({ hasText: 'start' }).waitFor(); // the loop is spinning now
  const stopButton = runner.locator('[data-action=stop]');
  assert.equal(await stopButton.isEnabled(), true);
  const t0 = Date.now();
  await stopButton.click();
  const stopped = await runner.evaluate((el) => el.__final);
  assert.equal(stopped.type, 'failed');
  assert.equal(stopped.error.kind, 'stopped');
  assert.ok(Date.now() - t0 < 2000, 'Stop is immediate');
  assert.match(await runner.locator('.runner-error').innerText(), /已停止/);
  // The reader's own action: said plainly (a status), not raised as an alarm, and no "Worker".
  assert.deepEqual(
    await runner
      .locator('.runner-error')
      .evaluate((n) => [n.classList.contains('runner-stopped'), n.getAttribute('role')]),
    [true, 'status'],
  );
  assert.doesNotMatch(await runner.locator('[data-part=output]').innerText(), /Worker/);
  // What the code printed before it hung is shown, not lost with the terminated worker.
  assert.deepEqual(await runner.locator('.runner-log .log-log').allInnerTexts(), ['start']);

  // The timeout (shortened for the test; the UI shows the default) does the same on its own.
  assert.match(await runner.locator('.runner-limit').innerText(), /限时 10 秒/);
  await runner.evaluate((el) => (el.dataset.timeout = '1500'));
  const timedOut = await run(runner);
  assert.equal(timedOut.final.error.kind, 'timeout');
  assert.match(timedOut.errors.join(''), /超过 1\.5 秒/);
  assert.deepEqual(timedOut.lines, ['start']);

  await runner.evaluate((el) => (el.dataset.timeout = '10000'));
  await typeCode(page, runner, "export async function main() {\n  console.log('fresh worker ok');\n}\n");
  const next = await run(runner);
  assert.equal(next.final.type, 'done');
  assert.deepEqual(next.lines, ['fresh worker ok']);
  await context.close();
});

test('endless console output is capped (the page stays responsive); order is kept around tensor reads', async () => {
  const { context, page, runner } = await openOnCpu();
  // Finite but long: the first 2000 lines are shown, then one line with the exact count left out.
  await typeCode(
    page,
    runner,
    "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  console.log('first');\n  const t = tf.tensor1d([1, 2]);\n  console.log('t =', t);\n  console.log('after the tensor');\n  t.dispose();\n  for (let i = 0; i < 5000; i++) console.log(i);\n}\n",
  );
  const long = await run(runner);
  assert.equal(long.final.type, 'done');
  assert.equal(long.lines.length, 2000);
  assert.deepEqual(
    long.lines
      .slice(0, 3)
      .map((l) => l.replace(/\s+/g, ' '))
      .map((l) => l.split(' ')[0]),
    ['first', 't', 'after'],
  );
  assert.match(long.lines[1], /Tensor[\s\S]*\[1, 2\]/);
  assert.equal(long.lines.at(-1), '1996');
  assert.equal(
    await runner.locator('.log-omitted').innerText(),
    '已省略其余 3003 行输出（每次运行最多显示 2000 行）。',
  );

  // Endless: the page stays responsive while it runs; the timeout ends it with the count so far.
  await runner.evaluate((el) => (el.dataset.timeout = '2000'));
  await typeCode(page, runner, 'export async function main() {\n  while (true) console.log(1);\n}\n');
  await runner.evaluate((el) => {
    el.__final = new Promise((resolve) => el.addEventListener('snippet-run', (e) => resolve(e.detail), { once: true }));
  });
  await runner.locator('[data-action=run]').click();
  await runner.locator('.log-omitted').waitFor();
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  assert.ok(Date.now() - t0 < 500, `the page answered after ${Date.now() - t0} ms`);
  const final = await runner.evaluate((el) => el.__final);
  assert.equal(final.error.kind, 'timeout');
  assert.equal(await runner.locator('.runner-log .log-log').count(), 2000);
  assert.match(await runner.locator('.log-omitted').innerText(), /^已省略其余至少 \d+ 行输出/);
  await context.close();
});

test('syntax errors, throws, unknown imports and huge allocations each give their message and position', async () => {
  const { context, page, runner } = await openOnCpu();
  const cases = [
    {
      code: "import * as tf from '@tensorflow/tfjs';\n\nexport async function main() {\n  const x: number = ;\n}\n",
      kind: 'syntax',
      line: 4,
      column: 21,
      text: /语法错误（第 4 行，第 21 列）/,
    },
    {
      code: "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  const t = tf.tensor1d([1, 2, 3]);\n  console.log('before');\n  throw new Error('故意的错误');\n}\n",
      kind: 'runtime',
      line: 5,
      column: 9,
      text: /运行时错误（第 5 行，第 9 列）[\s\S]*故意的错误/,
      printed: ['before'],
    },
    {
      // Thrown deep inside tfjs: the position is the reader's call, found past tfjs's own frames.
      code: "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  const a = tf.ones([2, 2]);\n  const b = a.matMul(tf.ones([3, 3]));\n  b.print();\n}\n",
      kind: 'runtime',
      line: 4,
      text: /运行时错误（第 4 行[\s\S]*inner shapes \(2\) and \(3\)/,
    },
    {
      code: "import * as tf from '@tensorflow/tfjs';\nimport { chunk } from 'lodash';\nexport async function main() {}\n",
      kind: 'import',
      line: 2,
      column: 23,
      text: /不能导入 "lodash"/,
    },
    {
      code: 'export async function main() {\n  const huge = new Float32Array(2 ** 40);\n  return { n: huge.length };\n}\n',
      kind: 'memory',
      line: 2,
      text: /内存不足[\s\S]*Invalid typed array length/,
    },
  ];
  for (const c of cases) {
    await typeCode(page, runner, c.code);
    const out = await run(runner, () => page.keyboard.press('ControlOrMeta+Enter')); // the shortcut, from the editor
    assert.equal(out.final.type, 'failed', c.kind);
    assert.equal(out.final.error.kind, c.kind);
    assert.equal(out.final.error.line, c.line, `${c.kind}: line`);
    if (c.column) assert.equal(out.final.error.column, c.column, `${c.kind}: column`);
    assert.match(out.errors.join('\n'), c.text);
    if (c.printed) assert.deepEqual(out.lines, c.printed);
    // The editor marks the line.
    await runner.locator('.cm-lintRange-error, .cm-lint-marker-error').first().waitFor();
    const marked = await runner.evaluate((el) => {
      const range = el.querySelector('.cm-lintRange-error');
      const lines = [...el.querySelectorAll('.cm-line')];
      return range ? lines.findIndex((l) => l.contains(range)) + 1 : null;
    });
    assert.equal(marked, c.line, `${c.kind}: marked line`);
  }
  // After an allocation failure the worker was replaced; the next run works.
  await typeCode(
    page,
    runner,
    "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  const s = tf.sum(tf.tensor1d([1, 2, 3]));\n  s.print();\n  s.dispose();\n}\n",
  );
  const ok = await run(runner);
  assert.equal(ok.final.type, 'done');
  assert.match(ok.lines.join('\n'), /Tensor\s+6/);
  await context.close();
});

test('unhandled rejections and a lost WebGL context or WebGPU device are reported; the next run works', async () => {
  const { context, page, runner } = await openOnCpu();
  await typeCode(
    page,
    runner,
    "export async function main() {\n  Promise.reject(new Error('没人等的 Promise'));\n  await new Promise((r) => setTimeout(r, 50));\n}\n",
  );
  const rejected = await run(runner);
  assert.equal(rejected.final.type, 'done');
  await runner.locator('.runner-error').waitFor();
  assert.match(await runner.locator('.runner-error').innerText(), /未处理的异步错误（第 2 行[\s\S]*没人等的 Promise/);
  // The run resolved, but not cleanly: the status does not say 完成.
  assert.match(await runner.locator('[data-part=status]').innerText(), /^运行结束，但出现了 1 个错误/);

  await runner.locator('select[data-part=backend]').selectOption('webgl');
  await typeCode(
    page,
    runner,
    [
      "import * as tf from '@tensorflow/tfjs';",
      'export async function main() {',
      '  const gl = (tf.backend() as any).gpgpu.gl as WebGL2RenderingContext;',
      "  gl.getExtension('WEBGL_lose_context')!.loseContext();",
      '  await new Promise((r) => setTimeout(r, 2000));',
      '}',
      '',
    ].join('\n'),
  );
  const lost = await run(runner);
  assert.equal(lost.final.type, 'failed');
  assert.equal(lost.final.error.kind, 'context-lost');
  assert.match(lost.errors.join(''), /GPU 上下文丢失[\s\S]*WebGL/);
  const sum =
    "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  console.log((await tf.ones([64, 64]).sum().data())[0]);\n}\n";
  await typeCode(page, runner, sum);
  const after = await run(runner);
  assert.equal(after.final.type, 'done');
  assert.equal(after.final.backend, 'webgl');
  assert.deepEqual(after.lines, ['4096']);
  assert.equal(after.final.leakedTensors, 2, 'ones and sum were not disposed');

  // The same for a WebGPU device that goes away.
  await runner.locator('select[data-part=backend]').selectOption('webgpu');
  await typeCode(
    page,
    runner,
    "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  (tf.backend() as any).device.destroy();\n  await new Promise((r) => setTimeout(r, 2000));\n}\n",
  );
  const gone = await run(runner);
  assert.equal(gone.final.error?.kind, 'context-lost');
  assert.match(gone.errors.join(''), /WebGPU 设备丢失/);
  await typeCode(page, runner, sum);
  const back = await run(runner);
  assert.equal(back.final.backend, 'webgpu');
  assert.deepEqual(back.lines, ['4096']);
  await context.close();
});

test('without WebGPU, 自动 picks WebGL and a WebGPU choice says why and falls back', async () => {
  const options = launchOptions();
  const plain = await chromium.launch({ ...options, args: options.args.filter((a) => !/webgpu|Vulkan/i.test(a)) });
  try {
    const context = await plain.newContext();
    const page = await context.newPage();
    await page.goto(site.url + firstPage(), { waitUntil: 'networkidle' });
    if (await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()))) {
      throw new Error(
        'this Chromium hands out a WebGPU adapter even without --enable-unsafe-webgpu; the test cannot simulate its absence',
      );
    }
    const runner = page.locator('snippet-runner').first();
    await typeCode(page, runner, "export async function main() {\n  console.log('ok');\n}\n");
    await runner.locator('select[data-part=backend]').selectOption('auto');
    const auto = await run(runner);
    assert.equal(auto.final.backend, 'webgl');
    await runner.locator('select[data-part=backend]').selectOption('webgpu');
    const chosen = await run(runner);
    assert.equal(chosen.final.backend, 'webgl');
    assert.match(chosen.notes.join('\n'), /WebGPU 不可用：[\s\S]*改用 WebGL/);
    // Said once per page, not on every run.
    const again = await run(runner);
    assert.equal(again.final.backend, 'webgl');
    assert.deepEqual(again.notes, []);
    await context.close();
  } finally {
    await plain.close();
  }
});

/** The badge's state: which of 已验证 / 已修改 · 未验证 shows, and the colour of its heading. */
const badgeOf = (runner) =>
  runner.evaluate((el) => {
    const [verified, modified] = ['verified', 'modified'].map((p) => el.querySelector(`[data-part=${p}]`));
    const shown = [verified, modified].find((n) => n.checkVisibility());
    return {
      verified: verified.checkVisibility(),
      modified: modified.checkVisibility(),
      text: shown.innerText.trim(),
      color: getComputedStyle(shown.querySelector('strong')).color,
    };
  });

test('an edit survives a reload (badge 已修改 · 未验证, editor open); 重置 restores the verified code and moves focus on', async () => {
  const path = firstPage();
  const { context, page } = await open(path);
  const runner = page.locator('snippet-runner').first();
  const snippet = await runner.getAttribute('data-snippet');
  const original = JSON.parse(await runner.locator('[data-part=source]').textContent());
  await inView(page, runner);
  assert.equal(await runner.locator('[data-part=modified]').isVisible(), false);
  assert.match((await badgeOf(runner)).text, /^已验证：tfjs/);
  await typeCode(page, runner, `// 我的修改\n${original}`);
  await waitForSaved(page, snippet, '// 我的修改');
  await page.reload({ waitUntil: 'networkidle' });
  const again = page.locator(`snippet-runner[data-snippet="${snippet}"]`);
  await again.locator('.cm-content').waitFor();
  await inView(page, again);
  assert.equal(await again.locator('[data-part=modified]').isVisible(), true);
  // The badge no longer claims the shown code is verified, and is not green.
  const edited = await badgeOf(again);
  assert.equal(edited.verified, false);
  assert.equal(edited.text, '已修改 · 未验证（重置可恢复已验证代码）');
  const green = await again.evaluate((el) => {
    const probe = el.appendChild(document.createElement('span'));
    probe.style.color = 'var(--runner-ok)';
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  });
  assert.notEqual(edited.color, green, 'the 未验证 badge is not green');
  assert.equal(await again.locator('.cm-line').first().innerText(), '// 我的修改');
  assert.equal(await again.locator('[data-part=code]').isHidden(), true);
  // 重置: verified code back, badge 已验证 again, and gone after another reload too.
  await again.locator('[data-action=reset]').click();
  assert.equal(await again.locator('.cm-line').first().innerText(), original.split('\n')[0]);
  assert.equal(await again.locator('[data-part=modified]').isVisible(), false);
  const restored = await badgeOf(again);
  assert.equal(restored.verified, true);
  assert.match(restored.text, /^已验证：tfjs/);
  assert.equal(restored.color, green);
  // 重置 disabled itself; focus went on to 编辑 (the editor is open), not to <body>.
  assert.equal(await again.locator('[data-action=reset]').isDisabled(), true);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'edit');
  await page.reload({ waitUntil: 'networkidle' });
  await page.waitForSelector('snippet-runner[data-ready]');
  assert.equal(await page.locator(`snippet-runner[data-snippet="${snippet}"] .cm-content`).count(), 0);
  await context.close();
});

test('分享 puts code, backend and version in the link; the link opens the code without running it', async () => {
  const path = firstPage();
  const a = await open(path);
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const runner = a.page.locator('snippet-runner').first();
  const snippet = await runner.getAttribute('data-snippet');
  const code = "export async function main() {\n  console.log('来自分享链接');\n  return { series: [3, 1, 2] };\n}\n";
  await typeCode(a.page, runner, code);
  await runner.locator('select[data-part=backend]').selectOption('wasm');
  const before = a.page.url();
  await runner.locator('[data-action=share]').click();
  const shown = await runner.locator('[data-part=share-url]').inputValue();
  assert.match(shown, /#share=[A-Za-z0-9+$-]+$/);
  assert.equal(await a.page.evaluate(() => navigator.clipboard.readText()), shown);
  // The address bar is left alone: a reload must not bring back the shared code and its notice.
  assert.equal(a.page.url(), before);
  // The link shows right under the buttons, in view where the reader clicked.
  const [bar, link] = await Promise.all([
    runner.locator('.runnable-controls').boundingBox(),
    runner.locator('[data-part=share-url]').boundingBox(),
  ]);
  assert.ok(
    link.y > bar.y && link.y - (bar.y + bar.height) < 120,
    `share link ${Math.round(link.y - bar.y - bar.height)} px below the toolbar`,
  );
  assert.ok(
    await runner.locator('[data-part=share-url]').evaluate((n) => n.getBoundingClientRect().bottom <= innerHeight),
    'share link in view',
  );
  await waitForSaved(a.page, snippet, code);
  await a.page.reload({ waitUntil: 'networkidle' });
  await a.page.waitForSelector('snippet-runner[data-ready]');
  assert.equal(await runnerOf(a.page, snippet).locator('[data-part=notice]').isVisible(), false);
  assert.equal(
    await runnerOf(a.page, snippet).evaluate((el) => el.currentCode()),
    code,
    'the reader’s own (saved) edit, not a shared one',
  );
  await a.context.close();

  // Another reader opens the link.
  const b = await open(new URL(shown).pathname + new URL(shown).hash);
  const shared = runnerOf(b.page, snippet);
  await shared.locator('.cm-content').waitFor();
  assert.equal(await shared.evaluate((el) => el.currentCode()), code);
  assert.equal(await shared.locator('select[data-part=backend]').inputValue(), 'wasm');
  assert.match(await shared.locator('[data-part=notice]').innerText(), /还没有运行/);
  assert.doesNotMatch(await shared.locator('[data-part=notice]').innerText(), /两者不同/);
  await b.page.waitForLoadState('networkidle'); // a run would have fetched the runner by now
  assert.equal(await shared.getAttribute('data-state'), null, 'nothing ran');
  assert.ok(
    !b.requests.some((u) => /\/(worker|client|transpile|backends)[-.][^/]*\.js$/.test(u) || u.endsWith('.wasm')),
    'no runner code fetched before 运行',
  );
  const out = await run(shared);
  assert.equal(out.final.backend, 'wasm');
  assert.deepEqual(out.lines, ['来自分享链接']);
  await b.context.close();

  // A link made from another verified version says so (same format as 分享 writes, older version).
  const old = `#share=${compressToEncodedURIComponent(JSON.stringify({ s: snippet, c: code, b: 'cpu', v: 'deadbeef00' }))}`;
  const c = await open(path + old);
  const notice = runnerOf(c.page, snippet).locator('[data-part=notice]');
  await notice.filter({ hasText: 'deadbeef00' }).waitFor();
  assert.match(await notice.innerText(), /两者不同/);
  assert.equal(await runnerOf(c.page, snippet).getAttribute('data-state'), null, 'nothing ran');
  await c.context.close();
});

test('opening a share link never loses the reader’s own edit: it is kept and 「恢复我之前的修改」 brings it back', async () => {
  const path = firstPage();
  const { context, page } = await open(path);
  const runner = page.locator('snippet-runner').first();
  const snippet = await runner.getAttribute('data-snippet');
  const original = JSON.parse(await runner.locator('[data-part=source]').textContent());
  const mine = `// 我自己的修改 A\n${original}`;
  await typeCode(page, runner, mine);
  await waitForSaved(page, snippet, '// 我自己的修改 A');
  // A link to different code for the same snippet.
  const sharedCode = "export async function main() {\n  console.log('别人的代码');\n}\n";
  const hash = `#share=${compressToEncodedURIComponent(JSON.stringify({ s: snippet, c: sharedCode, b: 'cpu', v: await runner.getAttribute('data-version') }))}`;
  await page.goto('about:blank');
  await page.goto(site.url + path + hash, { waitUntil: 'networkidle' }); // a fresh load, as from a chat message
  const shared = runnerOf(page, snippet);
  await shared.locator('.cm-content').waitFor();
  const notice = shared.locator('[data-part=notice]');
  await notice.locator('[data-action=restore]').waitFor();
  assert.match(await notice.innerText(), /来自分享链接[\s\S]*你之前对这段代码的修改仍然保存着，没有被覆盖/);
  assert.equal(await shared.evaluate((el) => el.currentCode()), sharedCode);
  assert.equal((await badgeOf(shared)).verified, false, 'shared code is not the verified code');
  // The reader types one character into the shared code, then reloads without the hash.
  await shared.locator('.cm-content').click();
  await page.keyboard.press('End');
  await page.keyboard.insertText('x');
  await waitForSaved(page, snippet, '别人的代码', sharedCode);
  await page.goto(site.url + path, { waitUntil: 'networkidle' });
  const back = runnerOf(page, snippet);
  await back.locator('.cm-content').waitFor();
  await inView(page, back);
  assert.match(await back.evaluate((el) => el.currentCode()), /别人的代码/, 'the edited shared code was saved too');
  const restore = back.locator('[data-part=notice] [data-action=restore]');
  await restore.waitFor();
  assert.equal(await restore.innerText(), '恢复我之前的修改');
  assert.equal(await back.locator('[data-part=notice] [data-action=discard]').innerText(), '删除之前的修改');
  assert.deepEqual(await axeViolations(page), [], 'axe with the notice and its buttons');
  await restore.click();
  await back.locator('.cm-line').filter({ hasText: '我自己的修改 A' }).waitFor();
  assert.equal(await back.evaluate((el) => el.currentCode()), mine);
  assert.equal(await back.locator('[data-part=notice] [data-action=restore]').count(), 0);
  assert.ok(
    await page.evaluate(() => document.activeElement?.closest('.cm-editor') !== null),
    'focus goes to the restored code',
  );
  // And it stays restored.
  await page.reload({ waitUntil: 'networkidle' });
  const later = runnerOf(page, snippet);
  await later.locator('.cm-content').waitFor();
  assert.equal(await later.evaluate((el) => el.currentCode()), mine);
  assert.equal(await later.locator('[data-part=notice]').isVisible(), false);
  await context.close();
});

test('long code scrolls inside its block (code and editor); 运行 brings the status line into view', async () => {
  const { context, runner } = await openOnCpu({ viewport: { width: 1280, height: 800 } });
  const pre = runner.locator('.runner-code pre');
  const box = await pre.evaluate((n) => ({
    client: n.clientHeight,
    scroll: n.scrollHeight,
    tabindex: n.getAttribute('tabindex'),
  }));
  assert.ok(box.client <= Math.min(0.6 * 800, 32 * 16) + 1, `code block ${box.client} px high`);
  assert.ok(box.scroll > box.client, 'the snippet is longer than the block: it scrolls');
  assert.equal(box.tabindex, '0', 'the scrolling block is keyboard-focusable');
  // The toolbar low on the screen, the status line below the fold; after 运行 it is on screen.
  await runner.locator('.runnable-controls').evaluate((n) => {
    n.scrollIntoView({ block: 'start' });
    scrollBy(0, -560);
  });
  const below = await runner.locator('[data-part=status]').evaluate((n) => n.getBoundingClientRect().top);
  assert.ok(below > 800, `the status line starts below the fold (${Math.round(below)} px)`);
  const out = await run(runner);
  assert.equal(out.final.type, 'done');
  // the smooth scroll brings the status line into view
  await runner.locator('[data-part=status]').evaluate(
    (n) =>
      new Promise((resolve) => {
        const check = () =>
          n.getBoundingClientRect().top >= 0 && n.getBoundingClientRect().bottom <= innerHeight
            ? resolve()
            : requestAnimationFrame(check);
        check();
      }),
  );
  const status = await runner.locator('[data-part=status]').evaluate((n) => n.getBoundingClientRect().toJSON());
  assert.ok(status.top >= 0 && status.bottom <= 800, `status at ${Math.round(status.top)} px`);
  assert.equal(
    await runner.locator('[data-action=run]').evaluate((n) => n.getAttribute('aria-describedby') !== null),
    true,
  );
  // The editor is capped the same way.
  await runner.locator('[data-action=edit]').click();
  await runner.locator('.cm-content').waitFor();
  assert.ok((await runner.locator('.cm-editor').evaluate((n) => n.clientHeight)) <= Math.min(0.6 * 800, 32 * 16) + 1);
  await context.close();
});

test('on a touch screen the keyboard hint is hidden and not read out as a description', async () => {
  // On a touch screen the keyboard hint is hidden, and not read out as the buttons' or editor's description.
  const phone = await open(firstPage(), { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const r = phone.page.locator('snippet-runner').first();
  assert.equal(await r.locator('[data-part=keys]').isVisible(), false);
  await r.locator('[data-action=edit]').click();
  await r.locator('.cm-content').waitFor();
  const described = await r.evaluate((el) =>
    [...el.querySelectorAll('[aria-describedby]')].map((n) => n.outerHTML.slice(0, 60)),
  );
  assert.deepEqual(described, []);
  await phone.context.close();
});

test('sampling on a 390 px phone: the token column comes first, so each row says which token it is', async () => {
  const path = PAGES.get('sampling/sampling');
  const { context, page } = await open(path, { viewport: { width: 390, height: 844 } });
  const runner = runnerOf(page, 'sampling/sampling');
  await runner.locator('select[data-part=backend]').selectOption('cpu');
  const out = await run(runner);
  assert.equal(out.final.type, 'done');
  const tokens = ['token', '好', '不错', '晴朗', '热', '冷', '糟糕', '，', '的', '。', '<eos>'];
  assert.deepEqual(
    out.lines.map((l) => l.split(/\s+/)[0]),
    tokens,
  );
  // Each row's token is inside the visible part of the (horizontally scrolling) log.
  const visible = await runner.evaluate((el) => {
    const log = el.querySelector('.runner-log');
    const right = log.getBoundingClientRect().right;
    return [...log.querySelectorAll('.log-log')].map((line) => {
      const range = document.createRange();
      range.setStart(line.firstChild, 0);
      range.setEnd(line.firstChild, line.textContent.split(/\s/)[0].length);
      return range.getBoundingClientRect().right <= right;
    });
  });
  assert.deepEqual(
    visible,
    tokens.map(() => true),
  );
  await context.close();
});

test('keyboard: Ctrl+Enter from any control runs; every control has an accessible name', async () => {
  const { context, page, runner } = await openOnCpu();
  await runner.locator('[data-action=copy]').focus();
  const out = await run(runner, () => page.keyboard.press('Control+Enter'));
  assert.equal(out.final.type, 'done');
  const unnamed = await runner.evaluate((el) =>
    [...el.querySelectorAll('button, select, input, a, [role=log], [contenteditable]')]
      .filter((n) => !(n.getAttribute('aria-label') || n.labels?.length || n.textContent.trim()))
      .map((n) => n.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, []);
  await context.close();
});

/** axe's WCAG 2.1 AA and best-practice violations inside the page's snippet runners. */
async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(
      { include: [['snippet-runner']] },
      { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    );
    return r.violations.map(
      (v) =>
        `${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
  });
}

test('axe passes on the runner with output, plots and the editor open, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page, runner } = await openOnCpu({ colorScheme });
    assert.equal((await run(runner)).final.type, 'done');
    await runner.locator('[data-action=edit]').click();
    await runner.locator('.cm-content').waitFor();
    // The editor on a long snippet: its scroller scrolls, and axe finds it keyboard-reachable.
    assert.ok(
      await runner.locator('.cm-scroller').evaluate((n) => n.scrollHeight > n.clientHeight),
      'the editor scrolls (long snippet)',
    );
    assert.deepEqual(await axeViolations(page), [], `axe with the editor open on a long snippet (${colorScheme})`);
    await typeCode(
      page,
      runner,
      "export async function main() {\n  console.warn('注意');\n  throw new Error('x');\n}\n",
    );
    await run(runner);
    assert.equal(await runner.locator('[data-part=modified]').isVisible(), true, 'the 未验证 badge is checked too');
    await runner.locator('[data-action=share]').click();
    await runner.locator('[data-part=share-url]').waitFor();
    assert.deepEqual(await axeViolations(page), [], `axe (${colorScheme})`);
    await context.close();
  }
});

test('print: every code block and the open editor show in full, nothing clipped', async () => {
  const { context, page } = await open(firstPage(), { viewport: { width: 1280, height: 800 } });
  const runner = page.locator('snippet-runner').first();
  await runner.locator('select[data-part=backend]').selectOption('cpu');
  assert.equal((await run(runner)).final.type, 'done');
  // The second runner (if any) keeps its static code; the first one has its editor open.
  await runner.locator('[data-action=edit]').click();
  await runner.locator('.cm-content').waitFor();
  await page.emulateMedia({ media: 'print' });
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll('main pre, snippet-runner pre, snippet-runner .runner-log, .cm-scroller, .cm-editor')]
      .filter((n) => n.checkVisibility())
      .filter((n) => n.scrollHeight > n.clientHeight + 1)
      .map((n) => `${n.className || n.tagName}: ${n.scrollHeight} > ${n.clientHeight}`),
  );
  assert.deepEqual(clipped, []);
  const lines = await runner.locator('.cm-line').count();
  const source = JSON.parse(await runner.locator('[data-part=source]').textContent()).split('\n').length;
  assert.ok(lines >= source - 1, `the editor renders all ${source} lines for print (${lines})`);
  await context.close();
});

test('every console method shows output in the panel; a table as a table', async () => {
  const { context, page, runner } = await openOnCpu();
  const calls = [
    "console.log('log')",
    "console.info('info')",
    "console.warn('warn')",
    "console.error('error')",
    "console.debug('debug')",
    'console.dir({ dir: 1 })',
    "console.dirxml('dirxml')",
    'console.table([{ a: 1, b: 2 }, { a: 3 }])',
    "console.trace('trace')",
    "console.assert(false, 'assert')",
    "console.count('count')",
    "console.time('t'); console.timeLog('t', 'timeLog'); console.timeEnd('t')",
    "console.group('group'); console.log('inside'); console.groupEnd()",
    "console.groupCollapsed('groupCollapsed'); console.groupEnd()",
    'console.clear()',
    'console.profile(); console.profileEnd()',
  ];
  await typeCode(page, runner, `export async function main() {\n  ${calls.join(';\n  ')};\n}\n`);
  const out = await run(runner);
  assert.equal(out.final.type, 'done', JSON.stringify(out.final.error));
  const log = await runner.locator('.runner-log').innerText();
  for (const expected of [
    'log',
    'info',
    'warn',
    'error',
    'debug',
    'dir: 1',
    'dirxml',
    'Trace: trace',
    'Assertion failed: assert',
    'count: 1',
    't: ',
    'timeLog',
    '- timer ended',
    'group',
    'inside',
    'groupCollapsed',
    'console.clear()',
    'console.profile()',
  ])
    assert.ok(log.includes(expected), `“${expected}” in the panel:\n${log}`);
  assert.match(log, /Trace: trace[\s\S]*第 10 行/, 'the trace points at the reader’s line');
  const table = await runner
    .locator('.runner-log table.log-table')
    .evaluate((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(table, [
    ['(index)', 'a', 'b'],
    ['0', '1', '2'],
    ['1', '3', ''],
  ]);
  const inside = await runner
    .locator('.runner-log .log-line', { hasText: /^inside$/ })
    .evaluate((n) => getComputedStyle(n).paddingInlineStart);
  assert.notEqual(inside, '0px', 'console.group indents');
  await context.close();
});

test('自动 passes a software WebGPU adapter by and says why; WebGPU chosen by name still runs on it', async () => {
  const { context, page, runner } = await openOnCpu();
  const fallback = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? Boolean(a.info?.isFallbackAdapter ?? a.isFallbackAdapter) : null;
  });
  assert.equal(fallback, true, 'this Chromium (SwiftShader) hands out a fallback adapter; the test relies on it');
  await typeCode(page, runner, "export async function main() {\n  console.log('ok');\n}\n");
  await runner.locator('select[data-part=backend]').selectOption('auto');
  const auto = await run(runner);
  assert.equal(auto.final.type, 'done');
  assert.notEqual(auto.final.backend, 'webgpu');
  assert.match(auto.notes.join('\n'), /自动选择了 (WebGL|WASM|CPU)（WebGPU：[^）]*isFallbackAdapter/);
  await runner.locator('select[data-part=backend]').selectOption('webgpu');
  const chosen = await run(runner);
  assert.equal(chosen.final.backend, 'webgpu');
  await context.close();
});

test('dataSync() on WebGPU is refused with a way out (it would read zeros); on CPU the same code runs', async () => {
  const { context, page, runner } = await openOnCpu();
  const code =
    "import * as tf from '@tensorflow/tfjs';\nexport async function main() {\n  const y = tf.range(0, 2000).mul(2);\n  console.log(y.dataSync()[3]);\n}\n";
  await typeCode(page, runner, code);
  await runner.locator('select[data-part=backend]').selectOption('webgpu');
  const gpu = await run(runner);
  assert.equal(gpu.final.type, 'failed');
  assert.equal(gpu.final.error.line, 4);
  assert.match(gpu.errors.join('\n'), /dataSync\(\)[\s\S]*await t\.data\(\)/);
  await runner.locator('select[data-part=backend]').selectOption('cpu');
  const cpu = await run(runner);
  assert.equal(cpu.final.type, 'done');
  assert.deepEqual(cpu.lines, ['6']);
  await context.close();
});

test('a named import tfjs does not export fails with the SyntaxError Node gives for it', async () => {
  // Node's own words, from Node itself.
  const dir = join('test-results', 'node-import');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'bad-import.mjs');
  writeFileSync(file, "import { notAnExport } from '@tensorflow/tfjs';\n");
  const nodeError = await import(pathToFileURL(file).href).then(
    () => null,
    (e) => `${e.name}: ${e.message.split('\n')[0]}`, // its first line; Node goes on with a CommonJS workaround
  );
  assert.match(nodeError ?? '', /^SyntaxError: .*notAnExport/);
  const { context, page, runner } = await openOnCpu();
  await typeCode(page, runner, "import { notAnExport } from '@tensorflow/tfjs';\nexport async function main() {}\n");
  const out = await run(runner);
  assert.equal(out.final.type, 'failed');
  assert.equal(out.final.error.kind, 'import');
  assert.equal(await runner.locator('.runner-error-message').innerText(), nodeError);
  assert.match(out.errors.join(''), /导入错误（第 1 行/);
  await context.close();
});

test('a share link that cannot be read, or is for code not on this page, is said so in the notice', async () => {
  const broken = await open(`${firstPage()}#share=not-a-real-link`);
  const first = broken.page.locator('snippet-runner').first();
  await first.locator('[data-part=notice]').filter({ hasText: '无法读取' }).waitFor();
  await broken.context.close();
  const code = "export async function main() {\n  console.log('x');\n}\n";
  const hash = `#share=${compressToEncodedURIComponent(JSON.stringify({ s: 'nowhere/nothing', c: code, b: 'cpu', v: 'v' }))}`;
  const other = await open(firstPage() + hash);
  await other.page
    .locator('snippet-runner')
    .first()
    .locator('[data-part=notice]')
    .filter({ hasText: 'nowhere/nothing' })
    .waitFor();
  assert.equal(
    await other.page.locator('snippet-runner[data-origin=share]').count(),
    0,
    'no runner shows the link’s code',
  );
  await other.context.close();
});

test('charts name their axes from the snippet: rope’s x axis is m − n, sampling’s tokens are bars', async () => {
  const rope = await open(PAGES.get('rope/rope'));
  const r = runnerOf(rope.page, 'rope/rope');
  await r.locator('select[data-part=backend]').selectOption('cpu');
  assert.equal((await run(r)).final.type, 'done');
  const labels = await r.locator('svg.plot .plot-label').allTextContents();
  assert.ok(labels.includes('m − n'), labels.join(', '));
  assert.ok(!labels.includes('下标') && !labels.includes('行') && !labels.includes('列'), labels.join(', '));
  await rope.context.close();
  const sampling = await open(PAGES.get('sampling/sampling'));
  const s = runnerOf(sampling.page, 'sampling/sampling');
  await s.locator('select[data-part=backend]').selectOption('cpu');
  assert.equal((await run(s)).final.type, 'done');
  assert.ok((await s.locator('svg.plot rect.plot-bar').count()) >= 10 * 6, 'one bar per token and setting');
  const ticks = await s.locator('svg.plot .plot-tick').allTextContents();
  for (const token of ['好', '<eos>']) assert.ok(ticks.includes(token), `${token} labels a bar`);
  const header = await s.locator('.runner-table thead th').allTextContents();
  assert.deepEqual(header, ['下一个 token', 'raw', 'T=0.5', 'T=1.5', 'top-k=3', 'top-p=0.9', 'penalty=1.3']);
  await sampling.context.close();
});
