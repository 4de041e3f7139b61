import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderMarkdown } from './render-markdown';
import { rehypeKatexPost } from '../../src/plugins/rehype-katex-post';

describe('rehypeKatexPost (fixture)', () => {
  it('makes display math focusable and hides the MathML copy from Pagefind', async () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const input = readFileSync(new URL('katex-post.input.md', dir), 'utf8');
    const html = await renderMarkdown(input, rehypeKatexPost);
    const tags = [...html.matchAll(/<span class="(katex-display|katex|katex-mathml)"[^>]*>/g)].map((m) => m[0]);
    const expected = readFileSync(new URL('katex-post.expected.txt', dir), 'utf8').trim().split('\n');
    expect(tags).toEqual(expected);
  });
});
