import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunnerClient, type RunEvent } from '../../../src/runner/page/client';
import type { PageMessage, WorkerMessage } from '../../../src/runner/shared/protocol';

/** Stands in for the module worker: records what the page posts, lets the test answer. */
class FakeWorker extends EventTarget {
  posted: PageMessage[] = [];
  terminated = false;
  postMessage(m: PageMessage) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(m: WorkerMessage | Record<string, unknown>) {
    this.dispatchEvent(new MessageEvent('message', { data: m }));
  }
}

let workers: FakeWorker[];
let client: RunnerClient;
const newest = () => workers[workers.length - 1]!;

beforeEach(() => {
  workers = [];
  client = new RunnerClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const done = (id: number): WorkerMessage => ({
  type: 'done',
  id,
  backend: 'cpu',
  elapsedMs: 1,
  leakedTensors: 0,
  result: [],
});

function submit(code = 'x', timeoutMs?: number) {
  const events: RunEvent[] = [];
  const handle = client.run({
    code,
    backend: 'cpu',
    onEvent: (e) => events.push(e),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return { handle, events };
}

describe('RunnerClient', () => {
  it('starts one worker lazily, numbers runs, and runs them one at a time', async () => {
    expect(workers).toHaveLength(0);
    const a = submit('a');
    const b = submit('b');
    expect(workers).toHaveLength(1);
    expect(a.handle.id).toBe(1);
    expect(b.handle.id).toBe(2);
    expect(newest().posted).toEqual([{ type: 'run', id: 1, code: 'a', backend: 'cpu' }]);
    expect(b.events).toEqual([{ type: 'queued', id: 2 }]);
    newest().reply({ type: 'console', id: 1, level: 'log', args: [{ kind: 'string', text: 'hi' }] });
    newest().reply(done(1));
    expect(await a.handle.finished).toEqual(done(1));
    expect(a.events.map((e) => e.type)).toEqual(['console', 'done']);
    expect(newest().posted.map((m) => m.type === 'run' && m.code)).toEqual(['a', 'b']);
    newest().reply(done(2));
    expect((await b.handle.finished).type).toBe('done');
    expect(workers).toHaveLength(1); // shared by the page's runs
  });

  it('passes on the count of console lines left out without ending the run', async () => {
    const a = submit();
    newest().reply({ type: 'started', id: 1 });
    newest().reply({ type: 'omitted', id: 1, count: 500 });
    expect(a.events.at(-1)).toEqual({ type: 'omitted', id: 1, count: 500 });
    newest().reply(done(1));
    expect((await a.handle.finished).type).toBe('done');
  });

  it('ignores malformed messages and messages for other runs', () => {
    const a = submit();
    newest().reply({ type: 'console', id: 1, level: 'log' });
    newest().reply({ type: 'done', id: 99, backend: 'cpu', elapsedMs: 1, leakedTensors: 0, result: [] });
    expect(a.events).toEqual([]);
  });

  it('Stop terminates the worker, fails the run, and starts a fresh warmed-up worker', async () => {
    const a = submit();
    const first = newest();
    first.reply({ type: 'started', id: 1 });
    a.handle.stop();
    expect(first.terminated).toBe(true);
    const final = await a.handle.finished;
    expect(final).toMatchObject({ type: 'failed', error: { kind: 'stopped' }, fatal: true });
    expect(workers).toHaveLength(2);
    expect(newest().posted).toEqual([{ type: 'prepare', backend: 'cpu' }]);
    // A late message from the terminated worker is ignored.
    first.reply(done(1));
    expect(a.events.filter((e) => e.type === 'done')).toEqual([]);
    // The next run goes to the new worker.
    submit('again');
    expect(newest().posted.at(-1)).toMatchObject({ type: 'run', id: 2, code: 'again' });
  });

  it('Stop on a queued run only dequeues it', async () => {
    submit('a');
    const b = submit('b');
    b.handle.stop();
    expect(await b.handle.finished).toMatchObject({ type: 'failed', error: { kind: 'stopped' } });
    expect(workers[0]!.terminated).toBe(false);
    workers[0]!.reply(done(1));
    expect(workers[0]!.posted.filter((m) => m.type === 'run')).toHaveLength(1);
  });

  it('times out only after the code started, then terminates and replaces the worker', async () => {
    const a = submit('while (true) {}', 2000);
    vi.advanceTimersByTime(5000); // loading tfjs does not count
    expect(workers[0]!.terminated).toBe(false);
    workers[0]!.reply({ type: 'started', id: 1 });
    vi.advanceTimersByTime(1999);
    expect(workers[0]!.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(await a.handle.finished).toMatchObject({
      type: 'failed',
      error: { kind: 'timeout', message: expect.stringContaining('2 秒') },
    });
    expect(a.events.at(-1)).toMatchObject({ type: 'failed', error: { kind: 'timeout' } });
    expect(workers).toHaveLength(2);
  });

  it('clears the timeout when the run ends in time', async () => {
    const a = submit('x', 1000);
    workers[0]!.reply({ type: 'started', id: 1 });
    workers[0]!.reply(done(1));
    await a.handle.finished;
    vi.advanceTimersByTime(5000);
    expect(workers[0]!.terminated).toBe(false);
  });

  it('replaces the worker after a fatal failure (memory) and after a lost GPU between runs', async () => {
    const a = submit();
    workers[0]!.reply({
      type: 'failed',
      id: 1,
      error: { kind: 'memory', name: 'RangeError', message: 'Array buffer allocation failed' },
      fatal: true,
    });
    expect((await a.handle.finished).type).toBe('failed');
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    // A lost context reported after run 1 ended goes to run 1's view, and the worker is replaced.
    workers[1]!.reply({
      type: 'uncaught',
      id: 1,
      error: { kind: 'context-lost', name: 'ContextLost', message: 'gone' },
      fatal: true,
    });
    expect(a.events.at(-1)).toMatchObject({ type: 'uncaught', error: { kind: 'context-lost' } });
    expect(workers[1]!.terminated).toBe(true);
    expect(workers).toHaveLength(3);
    // During a run, the loss ends the run.
    const b = submit();
    workers[2]!.reply({ type: 'started', id: 2 });
    workers[2]!.reply({
      type: 'uncaught',
      id: 2,
      error: { kind: 'context-lost', name: 'ContextLost', message: 'WebGL 上下文丢失' },
      fatal: true,
    });
    expect(await b.handle.finished).toMatchObject({ type: 'failed', error: { kind: 'context-lost' }, fatal: true });
    expect(workers[2]!.terminated).toBe(true);
    expect(workers).toHaveLength(4);
  });

  it('forwards non-fatal errors that arrive after the run ended to that run', async () => {
    const a = submit();
    workers[0]!.reply(done(1));
    await a.handle.finished;
    workers[0]!.reply({
      type: 'uncaught',
      id: 1,
      error: { kind: 'unhandled', name: 'Error', message: 'late' },
      fatal: false,
    });
    expect(a.events.at(-1)).toMatchObject({ type: 'uncaught', error: { message: 'late' } });
    expect(workers[0]!.terminated).toBe(false);
  });

  it('treats an error event from the worker itself as internal and restarts', async () => {
    const a = submit();
    // Node has no ErrorEvent; the client reads only `message` and calls preventDefault().
    workers[0]!.dispatchEvent(
      Object.assign(new Event('error', { cancelable: true }), { message: 'Failed to fetch worker script' }),
    );
    expect(await a.handle.finished).toMatchObject({
      type: 'failed',
      error: { kind: 'internal', message: expect.stringContaining('Failed to fetch') },
    });
    expect(workers).toHaveLength(2);
  });
});
