import { describe, expect, it } from 'vitest';
import { ConsoleCap, MAX_CONSOLE_LINES, Outbox } from '../../../src/runner/worker/outbox';

/** A promise and its resolver, for tensor reads that finish when the test says so. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Outbox (worker messages in call order, without needless delay)', () => {
  it('posts a line synchronously when nothing waits: output before `while (true) {}` reaches the page', () => {
    const posted: string[] = [];
    const box = new Outbox<string>((m) => posted.push(m));
    box.send('before loop');
    // No await: a synchronous loop after console.log never lets a promise chain run.
    expect(posted).toEqual(['before loop']);
    expect(box.pending).toBe(0);
  });

  it('keeps order: a line waiting for a tensor read holds back the lines after it, then all go in order', async () => {
    const posted: string[] = [];
    const box = new Outbox<string>((m) => posted.push(m));
    const read = deferred();
    box.send('a');
    box.send('tensor', [read.promise]);
    box.send('b'); // nothing to read, but queued behind the tensor line
    box.send('c');
    expect(posted).toEqual(['a']);
    expect(box.pending).toBe(3);
    read.resolve();
    await box.flush();
    expect(posted).toEqual(['a', 'tensor', 'b', 'c']);
    expect(box.pending).toBe(0);
    box.send('d'); // the queue has drained: immediate again
    expect(posted.at(-1)).toBe('d');
  });

  it('a failed read or a message that cannot be posted does not hold up the rest', async () => {
    const posted: string[] = [];
    const box = new Outbox<string>((m) => {
      if (m === 'bad') throw new Error('DataCloneError');
      posted.push(m);
    });
    const read = deferred();
    box.send('x', [read.promise]);
    box.send('bad');
    box.send('y');
    read.reject(new Error('context lost'));
    await box.flush();
    expect(posted).toEqual(['x', 'y']);
    expect(box.pending).toBe(0);
  });
});

describe('ConsoleCap (a run that prints without end)', () => {
  it(`sends the first ${MAX_CONSOLE_LINES} lines, then reports the count left out now and then, and the final count once`, () => {
    let t = 0;
    const cap = new ConsoleCap(3, 250, () => t);
    expect([cap.line(), cap.line(), cap.line()]).toEqual(['send', 'send', 'send']);
    expect(cap.line()).toBe('report'); // the first line left out is reported at once
    expect(cap.omitted).toBe(1);
    expect(cap.line()).toBe('skip');
    expect(cap.line()).toBe('skip');
    t = 300;
    expect(cap.line()).toBe('report');
    expect(cap.omitted).toBe(4);
    expect(cap.final()).toBeNull(); // the page already has 4
    cap.line();
    expect(cap.final()).toBe(5);
    expect(cap.final()).toBeNull();
    cap.reset();
    expect(cap.line()).toBe('send');
    expect(cap.final()).toBeNull();
  });

  it('the default cap is what the page shows at most', () => {
    const cap = new ConsoleCap();
    let sent = 0;
    for (let i = 0; i < MAX_CONSOLE_LINES + 500; i++) if (cap.line() === 'send') sent++;
    expect(sent).toBe(MAX_CONSOLE_LINES);
    expect(cap.omitted).toBe(500);
  });
});
