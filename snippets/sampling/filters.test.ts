import { expect, it } from 'vitest';
import { snippetSuite } from '../_test/harness';
import * as filters from './filters';

snippetSuite(import.meta.url, filters, ({ mainOutput }) => {
  it('main() prints one line per setting with the number of tokens kept', async () => {
    const printed = (await mainOutput()).printed;
    expect(printed.length).toBe(7);
    expect(printed.join('\n')).toContain('top-k=3           留下  3 个 token');
  });
});
