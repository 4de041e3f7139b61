import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const version = (pkg: string, from?: string) =>
  (require(require.resolve(`${pkg}/package.json`, from ? { paths: [from] } : undefined)) as { version: string })
    .version;

describe('dependencies', () => {
  it('rehype-katex renders with the same KaTeX whose stylesheet the site ships', () => {
    // KaTeX renamed CSS classes between 0.16 and 0.19 (sizing -> katex-sizing): a mismatch puts
    // sub- and superscripts on the baseline at full size. package.json overrides katex for this.
    const fromRehype = version('katex', dirname(require.resolve('rehype-katex')));
    expect(fromRehype).toBe(version('katex'));
  });
});
