/// <reference lib="webworker" />
/**
 * The runner worker: one per page, shared by its snippets, replaced by the page on Stop, timeout
 * or a fatal error. For each run it transpiles the reader's code, switches tfjs to the chosen
 * backend, imports the code as a module from a blob: URL, awaits main(), and reports console
 * lines, the result, timing and leaked tensors. Nothing heavy is imported statically: sucrase,
 * tfjs-core and each backend arrive as separate chunks on the first run that needs them.
 */
import { describeValue, tensorValue, type DescribeContext } from '../shared/format';
import { isFatal, originalPosition, stackPosition, toRunError, type LineMap, type MapContext } from './thrown';
import { resolveSnippetImport, type SnippetModule } from '../shared/modules';
import { positionText } from '../shared/errors';
import { CAPTURED_METHODS, createCapture } from './console';
import {
  isPageMessage,
  type ConsoleMessage,
  type ResultEntry,
  type RunError,
  type RunRequest,
  type Value,
  type WorkerMessage,
} from '../shared/protocol';
import type { BackendChoice } from '../shared/config';
import { ConsoleCap, Outbox } from './outbox';

declare const self: DedicatedWorkerGlobalScope;

// V8 keeps 10 frames by default; an error thrown deep inside tfjs (a shape check in matMul) would
// lose the reader's frame, and with it the line we point at.
(Error as ErrorConstructor & { stackTraceLimit: number }).stackTraceLimit = 100;

type Backends = typeof import('./backends');
type Tf = Backends['tf'];
type Tensor = InstanceType<Tf['Tensor']>;

const post = (m: WorkerMessage) => self.postMessage(m);

/** The run whose console output and errors we are collecting (null between runs). */
let activeRun: number | null = null;
/** The last run started, for errors that arrive after it finished. */
let lastRun = 0;
/** Where the active run's module came from, for mapping stack frames back to the reader's code. */
let activeMap: MapContext | null = null;
/** Posts console lines (after their tensor reads) and run results in call order. */
const outbox = new Outbox<WorkerMessage>(post);
/** Caps the console lines one run sends to the page. */
const cap = new ConsoleCap();
let modules: Promise<[typeof import('./transpile'), Backends]> | null = null;

function loadModules(): Promise<[typeof import('./transpile'), Backends]> {
  modules ??= Promise.all([import('./transpile'), import('./backends')]);
  return modules;
}

// ---------------------------------------------------------------------------------------------
// Console capture. tensor.print() lands here too: tfjs prints through console.log.

let tfRef: Tf | null = null;

/** Snapshots a tensor now (clone + keep, so later disposal by the reader cannot race the read). */
const describeCtx: DescribeContext = {
  isTensor: (v) => tfRef !== null && v instanceof tfRef.Tensor,
  tensor: (v) => {
    const t = v as Tensor;
    const placeholder: Value = {
      kind: 'tensor',
      dtype: t.dtype,
      shape: [...t.shape],
      size: t.size,
      values: [],
      complete: false,
    };
    if (t.isDisposed) return { kind: 'primitive', text: `Tensor ${t.dtype} [${t.shape.join(', ')}]（已释放）` };
    const copy = tfRef!.keep(t.clone());
    const read = copy.data().then(
      (data) => Object.assign(placeholder, tensorValue(t.dtype, [...t.shape], data as ArrayLike<number>)),
      () => placeholder,
    );
    pendingReads.push(read.finally(() => copy.dispose()));
    return placeholder;
  },
};
let pendingReads: Promise<unknown>[] = [];

/** Describes a value for the page, or says why it cannot be shown. */
function describeArg(a: unknown): Value {
  try {
    return describeValue(a, describeCtx);
  } catch (e) {
    return { kind: 'string', text: `（无法显示这个值：${e instanceof Error ? e.message : String(e)}）` };
  }
}

const capture = createCapture({
  now: () => performance.now(),
  frames: () => {
    // The reader's frames of the current stack, mapped back to their code.
    const stack = new Error().stack ?? '';
    if (!activeMap) return [];
    const out: string[] = [];
    for (const line of stack.split('\n')) {
      const pos = stackPosition(line, activeMap.url);
      if (pos) out.push(positionText(originalPosition(activeMap.map, pos)));
    }
    return out;
  },
  emit: ({ level, args, depth, table }) => {
    const id = activeRun;
    if (id === null) return;
    const verdict = cap.line();
    if (verdict !== 'send') {
      if (verdict === 'report') outbox.send({ type: 'omitted', id, count: cap.omitted });
      return;
    }
    pendingReads = [];
    const message: ConsoleMessage = { type: 'console', id, level, args: args.map(describeArg) };
    if (depth > 0) message.depth = depth;
    if (table && !describeCtx.isTensor(args[0])) {
      message.table = {
        columns: table.columns,
        rows: table.rows.map((r) => ({
          index: r.index,
          cells: r.cells.map((c, i) => (r.has[i] ? describeArg(c) : null)),
        })),
      };
    }
    const reads = pendingReads;
    pendingReads = [];
    // Posted now when nothing waits ahead of it: a synchronous loop after this line would
    // otherwise keep it from ever reaching the page.
    outbox.send(message, reads);
  },
});

// Every function on console reports to the page during a run; between runs (tfjs's own start-up
// chatter) the original console has it.
const consoleRecord = console as unknown as Record<string, unknown>;
for (const name of new Set([...CAPTURED_METHODS, ...Object.keys(consoleRecord)])) {
  const original = consoleRecord[name];
  if (typeof original !== 'function') continue;
  const captured = capture.methods[name] ?? capture.other(name);
  consoleRecord[name] = (...args: unknown[]) =>
    activeRun === null ? (original as (...a: unknown[]) => unknown).apply(console, args) : captured(...args);
}

// ---------------------------------------------------------------------------------------------
// Errors outside the run's promise chain: a throw in setTimeout, a rejection nobody awaited.

function reportUncaught(thrown: unknown): void {
  const error = toRunError(thrown, activeMap, 'unhandled');
  if (error.kind === 'runtime') error.kind = 'unhandled';
  const id = activeRun ?? lastRun;
  outbox.send({ type: 'uncaught', id, error, fatal: isFatal(error.kind) });
}
self.addEventListener('unhandledrejection', (ev) => {
  ev.preventDefault();
  reportUncaught(ev.reason);
});
self.addEventListener('error', (ev) => {
  ev.preventDefault();
  reportUncaught(ev.error ?? new Error(ev.message));
});

// ---------------------------------------------------------------------------------------------
// Runs

/** Reads a returned value for the page: tensors fully (up to the transfer cap), then disposed. */
async function describeResult(result: unknown, tf: Tf): Promise<ResultEntry[]> {
  if (result === undefined) return [];
  const entries: [string, unknown][] =
    typeof result === 'object' && result !== null && !Array.isArray(result) && !(result instanceof tf.Tensor)
      ? Object.entries(result)
      : [['main() 的返回值', result]];
  const out: ResultEntry[] = [];
  for (const [name, value] of entries) {
    if (value instanceof tf.Tensor) {
      const data = value.isDisposed ? null : await value.data();
      out.push({
        name,
        value: data
          ? tensorValue(value.dtype, [...value.shape], data as ArrayLike<number>)
          : { kind: 'primitive', text: '（张量已释放）' },
      });
      value.dispose();
    } else {
      pendingReads = [];
      const v = describeValue(value, describeCtx);
      await Promise.all(pendingReads);
      pendingReads = [];
      out.push({ name, value: v });
    }
  }
  return out;
}

/** The last transpiled code (with its path and the URLs of its imports) and its result. */
let lastCompiled: { key: string; result: ReturnType<(typeof import('./transpile'))['transpile']> } | null = null;

/** Verified snippet modules loaded so far, by `topic/name`: their code and blob: URL. */
const loadedModules = new Map<string, { code: string; url: string; map: LineMap }>();

/**
 * Transpiles the imported snippets (in dependency order, so each one's imports already have
 * URLs) and gives each a blob: URL, kept for the worker's life: the code is the verified file, the
 * same on every run, and importing one URL again reuses the module.
 */
function loadImports(
  transpiler: typeof import('./transpile'),
  modules: SnippetModule[],
): { urls: Map<string, string> } | { error: RunError } {
  const urls = new Map<string, string>();
  for (const m of modules) {
    let loaded = loadedModules.get(m.path);
    if (loaded?.code !== m.code) {
      const out = transpiler.transpile(m.code, (spec) => urls.get(resolveSnippetImport(m.path, spec) ?? '') ?? null);
      if (!out.ok) {
        return {
          error: {
            kind: 'internal',
            name: 'ImportError',
            message: `导入的已验证片段 snippets/${m.path}.ts 无法编译（${out.error.message}）。请刷新页面。`,
          },
        };
      }
      if (loaded) URL.revokeObjectURL(loaded.url);
      loaded = {
        code: m.code,
        url: URL.createObjectURL(new Blob([out.js], { type: 'text/javascript' })),
        map: out.map,
      };
      loadedModules.set(m.path, loaded);
    }
    urls.set(m.path, loaded.url);
  }
  return { urls };
}
/** What snippets get as `tf`, built once (copying tfjs-core's ~1000 exports costs milliseconds). */
let ns: Record<string, unknown> | null = null;

/** Tells the page how many console lines were left out, if it does not know the final count yet. */
function reportOmitted(id: number): void {
  const count = cap.final();
  if (count !== null) outbox.send({ type: 'omitted', id, count });
}

function fail(id: number, error: RunError): void {
  const fatal = isFatal(error.kind);
  reportOmitted(id);
  outbox.send({ type: 'failed', id, error, fatal });
}

async function run(req: RunRequest): Promise<void> {
  const { id } = req;
  lastRun = id;
  cap.reset();
  capture.reset();
  const t0 = performance.now();
  let transpiler: typeof import('./transpile');
  let backends: Backends;
  try {
    [transpiler, backends] = await loadModules();
  } catch (e) {
    modules = null;
    fail(id, {
      kind: 'internal',
      name: 'LoadError',
      message: `运行器模块加载失败：${e instanceof Error ? e.message : String(e)}`,
    });
    return;
  }
  // The verified snippets this code may import, each loaded once from its own blob: URL.
  const imports = loadImports(transpiler, req.modules ?? []);
  if ('error' in imports) {
    fail(id, imports.error);
    return;
  }
  const path = req.path ?? 'snippet/main';
  const resolve = (spec: string) => imports.urls.get(resolveSnippetImport(path, spec) ?? '') ?? null;
  // Report syntax and import errors before waiting for a GPU backend to start. Running the same
  // code again (the usual second press) reuses the last result.
  const key = `${path}\0${[...imports.urls.values()].join(' ')}\0${req.code}`;
  const compiled = lastCompiled?.key === key ? lastCompiled.result : transpiler.transpile(req.code, resolve);
  lastCompiled = { key, result: compiled };
  if (!compiled.ok) {
    fail(id, compiled.error);
    return;
  }
  const { tf } = backends;
  tfRef = tf;
  let backend;
  try {
    backend = await backends.activate(req.backend);
    backends.guardSyncReads(backend.backend);
  } catch (e) {
    fail(id, { kind: 'internal', name: 'BackendError', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  backends.watchGpu((message, kind) => {
    const error: RunError = { kind, name: kind === 'memory' ? 'GPUOutOfMemoryError' : 'ContextLost', message };
    outbox.send({ type: 'uncaught', id: activeRun ?? lastRun, error, fatal: true });
  });
  post({
    type: 'backend',
    id,
    backend: backend.backend,
    requested: req.backend,
    fallbacks: backend.fallbacks,
    loadMs: performance.now() - t0,
  });

  ns ??= backends.tfjsNamespace();
  for (const imp of compiled.writtenImports) {
    if (!(imp.name in ns)) {
      // Worded as Node words it, so the page and `node file.ts` fail alike; only the names of the
      // full @tensorflow/tfjs that the runner does not load get the runner's own explanation.
      const missing = backends.missingFromRunner(imp.name);
      fail(id, {
        kind: 'import',
        name: missing ? 'ImportError' : 'SyntaxError',
        // Node resolves @tensorflow/tfjs 4.22 to its CommonJS build, hence this wording (its first line).
        message:
          missing ??
          `Named export '${imp.name}' not found. The requested module '${transpiler.TFJS_MODULE}' is a CommonJS module, which may not support all module.exports as named exports.`,
        line: imp.line,
        column: imp.column,
      });
      return;
    }
  }
  const scope = globalThis as Record<string, unknown>;
  scope[transpiler.TFJS_BINDING] = ns;
  scope[transpiler.DYNAMIC_IMPORT_BINDING] = (spec: unknown) =>
    spec === transpiler.TFJS_MODULE
      ? Promise.resolve(ns)
      : Promise.reject(new Error(`不能导入 "${String(spec)}"：运行器只提供 ${transpiler.TFJS_MODULE}。`));

  const url = URL.createObjectURL(new Blob([compiled.js], { type: 'text/javascript' }));
  activeMap = {
    url,
    map: compiled.map,
    modules: [...imports.urls].map(([path, moduleUrl]) => ({
      url: moduleUrl,
      file: `snippets/${path}.ts`,
      map: loadedModules.get(path)!.map,
    })),
  };
  const before = tf.memory().numTensors;
  // Everything the run allocates is tracked in one scope, so whatever it leaks is freed after we
  // have counted it; the next run starts from a clean slate.
  tf.engine().startScope();
  activeRun = id;
  post({ type: 'started', id });
  const start = performance.now();
  try {
    const mod = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    if (typeof mod['main'] !== 'function')
      throw new Error('代码没有导出 main()：请写 export async function main() { … }');
    const returned = await (mod['main'] as () => unknown)();
    const elapsedMs = performance.now() - start;
    const result = await describeResult(returned, tf);
    await outbox.flush(); // console lines (and their tensor copies) first
    const leakedTensors = tf.memory().numTensors - before;
    reportOmitted(id);
    outbox.send({ type: 'done', id, backend: backend.backend, elapsedMs, result, leakedTensors });
  } catch (e) {
    fail(id, toRunError(e, activeMap));
  } finally {
    try {
      tf.engine().endScope();
    } catch {
      // a lost context can make disposal throw; the page replaces this worker anyway
    }
    URL.revokeObjectURL(url);
    await outbox.flush();
    activeRun = null;
  }
}

/** Runs are serialised by the page; this chain is a second guard against overlap. */
let queue: Promise<void> = Promise.resolve();

self.addEventListener('message', (ev: MessageEvent<unknown>) => {
  const msg = ev.data;
  if (!isPageMessage(msg)) return;
  if (msg.type === 'prepare') {
    queue = queue.then(() => prepare(msg.backend));
  } else {
    queue = queue.then(() => run(msg));
  }
});

/** Warms up a fresh worker (after Stop) so the next run does not pay for loading again. */
async function prepare(choice: BackendChoice): Promise<void> {
  try {
    const [, backends] = await loadModules();
    tfRef = backends.tf;
    await backends.activate(choice);
  } catch {
    // the next run reports whatever fails here
  }
}
