/**
 * How the worker posts a run's messages: in call order, but without delaying them needlessly.
 *
 * A console line goes out at once when nothing is queued ahead of it and it waits for no tensor
 * read, so what the code printed before a synchronous hang (`console.log('x'); while (true) {}`)
 * reaches the page before 停止 or the timeout terminates the worker. A line that must wait (a
 * tensor still being read back, or an earlier line that is waiting) is chained behind the others,
 * so the order the code printed in is kept.
 *
 * A run that prints without end (`while (true) console.log(1)`) is capped: after `max` lines the
 * worker stops sending them and only reports how many it left out (at most every `intervalMs`, and
 * once more when the run ends), so neither the worker nor the page queues without bound.
 */

import { MAX_CONSOLE_LINES } from '../shared/config';

export { MAX_CONSOLE_LINES };

export class Outbox<M> {
  private chain: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly post: (message: M) => void) {}

  /** Posts `message` now, or after `reads` and everything queued before it. */
  send(message: M, reads: readonly Promise<unknown>[] = []): void {
    if (this.waiting === 0 && reads.length === 0) {
      this.post(message);
      return;
    }
    this.waiting++;
    this.chain = this.chain
      .then(async () => {
        try {
          await Promise.allSettled(reads);
          this.post(message);
        } finally {
          this.waiting--;
        }
      })
      .catch(() => {
        // a message that cannot be posted must not hold up the ones after it
      });
  }

  /** How many messages are waiting to be posted. */
  get pending(): number {
    return this.waiting;
  }

  /** Resolves once everything sent so far has been posted. */
  flush(): Promise<void> {
    return this.chain;
  }
}

/** Counts one run's console lines and decides which to send and when to report the ones left out. */
export class ConsoleCap {
  /** Lines printed this run. */
  private printed = 0;
  /** Lines left out this run, and how many of them the page has been told about. */
  omitted = 0;
  private reported = 0;
  private lastReport = -Infinity;

  constructor(
    private readonly max = MAX_CONSOLE_LINES,
    private readonly intervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts counting a new run. */
  reset(): void {
    this.printed = this.omitted = this.reported = 0;
    this.lastReport = -Infinity;
  }

  /**
   * Called for each console line: `send` to send it; otherwise the line is left out and the result
   * says whether to report the count now (`report`, with `omitted`) or stay quiet (`skip`).
   */
  line(): 'send' | 'report' | 'skip' {
    if (++this.printed <= this.max) return 'send';
    this.omitted++;
    const t = this.now();
    if (t - this.lastReport < this.intervalMs) return 'skip';
    this.lastReport = t;
    this.reported = this.omitted;
    return 'report';
  }

  /** The count to report at the end of a run, or null when the page already has it. */
  final(): number | null {
    if (this.omitted === this.reported) return null;
    this.reported = this.omitted;
    return this.omitted;
  }
}
