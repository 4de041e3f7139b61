import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as ac from './attention-cost';

snippetSuite(import.meta.url, ac, ({ tol, input, expected, mainOutput }) => {
  it('the three masks match the torch masks (with a remainder block and w < b)', async () => {
    const cases = [
      ['mask_causal_12', () => ac.causalMask(12)],
      ['mask_sliding_12_4', () => ac.slidingWindowMask(12, 4)],
      ['mask_block_12_4', () => ac.blockLocalMask(12, 4)],
      ['mask_sliding_10_3', () => ac.slidingWindowMask(10, 3)],
      ['mask_block_10_4', () => ac.blockLocalMask(10, 4)],
    ] as const;
    for (const [key, make] of cases) {
      const { shape, values } = await runChecked(make);
      expect(shape.length, key).toBe(2);
      expectClose(values, expected(key), tol, key);
    }
  });

  it('countPairs on a mask equals the closed forms', async () => {
    for (const [n, w] of [
      [12, 4],
      [10, 3],
      [9, 20],
    ] as const) {
      const m = [ac.causalMask(n), ac.slidingWindowMask(n, w), ac.blockLocalMask(n, w)];
      expect(await ac.countPairs(m[0]!)).toBe(ac.pairsCausal(n));
      expect(await ac.countPairs(m[1]!)).toBe(ac.pairsSlidingWindow(n, w));
      expect(await ac.countPairs(m[2]!)).toBe(ac.pairsBlockLocal(n, w));
      m.forEach((t) => t.dispose());
    }
  });

  it('closed forms match torch counts for large n', () => {
    const big = input<number[]>('big_n');
    expectClose(big.map(ac.pairsCausal), expected('pairs_causal_big'), tol, 'causal');
    expectClose(
      big.map((n) => ac.pairsSlidingWindow(n, 4096)),
      expected('pairs_sliding_big_4096'),
      tol,
      'sliding',
    );
    expectClose(
      big.map((n) => ac.pairsBlockLocal(n, 4096)),
      expected('pairs_block_big_4096'),
      tol,
      'block 4096',
    );
    expectClose(
      big.map((n) => ac.pairsBlockLocal(n, 3000)),
      expected('pairs_block_big_3000'),
      tol,
      'block 3000',
    );
    expectClose(
      ac.flopsPerToken(ac.pairsCausal(131072), 131072, 4096, 11008).share,
      expected('share_full_131072'),
      tol,
      'share',
    );
    expectClose(
      [4096, 1024].map((w) => ac.flopsPerToken(ac.pairsSlidingWindow(131072, w), 131072, 4096, 11008).share),
      expected('share_sliding_131072'),
      tol,
      'sliding share',
    );
  });

  it('main() prints the break-even length and the 128K memory', async () => {
    const printed = (await mainOutput()).printed.join('\n');
    expect(printed).toContain('n = 49407 时');
    expect(printed).toContain('32.000 GiB');
    expect(printed).toContain('滑动窗口 w = 4096 占 14.0%');
  });
});
