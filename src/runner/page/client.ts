/**
 * The page side of the worker: owns the one Worker a page has, numbers runs, runs them one at a
 * time, and is the only place that stops code. Stop and timeouts call worker.terminate(): the
 * only way to end `while (true) {}`. A fresh worker is started at once and warmed with the last
 * backend, so the next run works and does not pay the full load again.
 */
import type { BackendChoice } from '../shared/config';
import { DEFAULT_TIMEOUT_MS } from '../shared/config';
import { isFinal, isWorkerMessage, type FailedMessage, type RunError, type WorkerMessage } from '../shared/protocol';
import type { SnippetModule } from '../shared/modules';

/** Everything a run reports: the worker's messages plus the client's own `failed` (timeout, stop). */
export type RunEvent = WorkerMessage | { type: 'queued'; id: number };

/** What to run. */
export interface RunOptions {
  code: string;
  backend: BackendChoice;
  /** `topic/name` of the snippet, against which relative imports resolve. */
  path?: string;
  /** The verified snippets the code may import, in dependency order. */
  modules?: SnippetModule[];
  /** Limit for the code itself (from the `started` message), in ms. */
  timeoutMs?: number;
  onEvent: (event: RunEvent) => void;
}

/** A submitted run. */
export interface RunHandle {
  id: number;
  /** Ends the run: removes it from the queue, or terminates the worker if it is running. */
  stop(): void;
  /** Resolves with the run's final message (`done` or `failed`). */
  finished: Promise<Extract<WorkerMessage, { type: 'done' | 'failed' }>>;
}

interface Job {
  id: number;
  opts: RunOptions;
  resolve: (m: Extract<WorkerMessage, { type: 'done' | 'failed' }>) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Creates the worker; a function so tests can substitute a fake. */
export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'snippet-runner' });

/** Owns one runner worker and the queue of runs for it. */
export class RunnerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private queue: Job[] = [];
  private active: Job | null = null;
  /** The last run to finish, which receives errors that arrive late (a rejected promise, a lost GPU). */
  private lastFinished: Job | null = null;
  private lastBackend: BackendChoice = 'auto';

  constructor(private readonly factory: WorkerFactory = defaultFactory) {}

  /** Queues a run; it starts when the runs before it have finished. */
  run(opts: RunOptions): RunHandle {
    const id = this.nextId++;
    let resolve!: Job['resolve'];
    const finished = new Promise<Parameters<Job['resolve']>[0]>((r) => (resolve = r));
    const job: Job = { id, opts, resolve, timer: null };
    this.queue.push(job);
    if (this.active) opts.onEvent({ type: 'queued', id });
    this.pump();
    return { id, finished, stop: () => this.stop(id) };
  }

  /** Stops run `id`: dequeues it, or terminates the worker when it is the one running. */
  stop(id: number): void {
    const queued = this.queue.findIndex((j) => j.id === id);
    if (queued >= 0) {
      const [job] = this.queue.splice(queued, 1);
      const final = this.failure(id, { kind: 'stopped', name: 'Stopped', message: '已停止（还没开始运行）。' });
      job!.opts.onEvent(final);
      job!.resolve(final);
      return;
    }
    if (this.active?.id === id) {
      this.restart({
        kind: 'stopped',
        name: 'Stopped',
        message: '你按了“停止”，代码已中止。',
      });
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.factory();
    w.addEventListener('message', (ev: MessageEvent<unknown>) => {
      if (w === this.worker) this.onMessage(ev.data);
    });
    w.addEventListener('error', (ev: ErrorEvent) => {
      // The worker script itself failed (load error, or an error our handlers did not catch).
      if (w !== this.worker) return;
      ev.preventDefault();
      this.restart({
        kind: 'internal',
        name: 'WorkerError',
        message: `运行器的后台线程出错：${ev.message || '脚本加载失败'}`,
      });
    });
    this.worker = w;
    return w;
  }

  private pump(): void {
    if (this.active || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.active = job;
    this.lastBackend = job.opts.backend;
    this.ensureWorker().postMessage({
      type: 'run',
      id: job.id,
      code: job.opts.code,
      backend: job.opts.backend,
      ...(job.opts.path !== undefined && { path: job.opts.path }),
      ...(job.opts.modules && { modules: job.opts.modules }),
    });
  }

  private onMessage(data: unknown): void {
    if (!isWorkerMessage(data)) return;
    const job =
      this.active?.id === data.id ? this.active : this.lastFinished?.id === data.id ? this.lastFinished : null;
    if (!job) return;
    if (data.type === 'started' && job === this.active) {
      const ms = job.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      job.timer = setTimeout(() => {
        if (this.active === job)
          this.restart({
            kind: 'timeout',
            name: 'Timeout',
            message: `运行超过 ${ms / 1000} 秒，已停止。`,
          });
      }, ms);
    }
    if (data.type === 'uncaught' && data.fatal) {
      // A lost GPU or exhausted memory: it ends the run if one is going, and the worker is replaced.
      if (job === this.active) {
        this.restart(data.error);
      } else {
        job.opts.onEvent(data);
        this.replaceWorker();
      }
      return;
    }
    job.opts.onEvent(data);
    if (isFinal(data) && job === this.active) {
      this.finish(job, data);
      if (data.type === 'failed' && data.fatal) this.replaceWorker();
      this.pump();
    }
  }

  private failure(id: number, error: RunError, fatal = false): FailedMessage {
    return { type: 'failed', id, error, fatal };
  }

  private finish(job: Job, final: Extract<WorkerMessage, { type: 'done' | 'failed' }>): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    if (this.active === job) this.active = null;
    this.lastFinished = job;
    job.resolve(final);
  }

  /** Terminates the worker, fails the active run with `error`, starts a fresh worker, continues. */
  private restart(error: RunError): void {
    const job = this.active;
    this.replaceWorker();
    if (job) {
      const final = this.failure(job.id, error, true);
      job.opts.onEvent(final);
      this.finish(job, final);
    }
    this.pump();
  }

  /** Terminates the current worker and starts a warmed-up one. */
  private replaceWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ensureWorker().postMessage({ type: 'prepare', backend: this.lastBackend });
  }
}

let shared: RunnerClient | null = null;

/** The page's one client (and so one worker), shared by every snippet on the page. */
export function getClient(): RunnerClient {
  shared ??= new RunnerClient();
  return shared;
}
