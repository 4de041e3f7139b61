import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import { rehypeScrollableMath } from '../../src/plugins/rehype-scrollable-math';

describe('rehypeScrollableMath (fixture)', () => {
  it('makes display math focusable and leaves inline math alone', async () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const input = readFileSync(new URL('scrollable-math.input.md', dir), 'utf8');
    const html = String(
      await unified().use(remarkParse).use(remarkMath).use(remarkRehype).use(rehypeKatex).use(rehypeScrollableMath).use(rehypeStringify).process(input),
    );
    const tags = [...html.matchAll(/<span class="(katex-display|katex)"[^>]*>/g)].map((m) => m[0]);
    const expected = readFileSync(new URL('scrollable-math.expected.txt', dir), 'utf8').trim().split('\n');
    expect(tags).toEqual(expected);
  });
});
