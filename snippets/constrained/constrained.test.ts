import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { expectClose, runChecked, snippetSuite } from '../_test/harness';
import * as constrained from './constrained';

snippetSuite(import.meta.url, constrained, ({ tol, input, expected, mainOutput }) => {
  it('the state machine allows exactly the tokens the full list of valid sequences allows', () => {
    const prefixes = input<number[][]>('prefixes');
    const allowed = expected('allowed') as number[][];
    prefixes.forEach((prefix, i) => {
      let state: constrained.State = 'start';
      for (const token of prefix) state = constrained.nextState(state, token);
      expect(
        [...constrained.allowedTokens(state)].sort((a, b) => a - b),
        `prefix ${prefix.join(',')}`,
      ).toEqual(allowed[i]);
    });
  });

  it('maskLogits sets the disallowed logits to −Infinity', async () => {
    const table = constrained.bigramLogits();
    const { values } = await runChecked(() =>
      tf.tidy(() => constrained.maskLogits(tf.gather(table, 3).reshape([12]) as tf.Tensor1D, [4, 5, 6])),
    );
    table.dispose();
    expectClose(values, expected('masked_colon'), tol, 'masked_colon');
  });

  it('greedy decoding without and with the mask', async () => {
    const table = constrained.bigramLogits();
    expect(await constrained.greedyDecode(table, false)).toEqual(expected('free_ids'));
    expect(await constrained.greedyDecode(table, true)).toEqual(expected('guided_ids'));
    table.dispose();
  });

  it('main() prints both outputs', async () => {
    expect((await mainOutput()).printed.join('\n')).toContain('{"age":28}<eos>');
  });
});
