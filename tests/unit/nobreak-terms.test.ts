import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderMarkdown } from './render-markdown';
import { rehypeNobreakTerms } from '../../src/plugins/rehype-nobreak-terms';

describe('rehypeNobreakTerms (fixture)', () => {
  it('wraps hyphenated Latin terms in prose, not in code or math', async () => {
    const input = readFileSync(new URL('./fixtures/nobreak-terms.input.md', import.meta.url), 'utf8');
    const html = await renderMarkdown(input, rehypeNobreakTerms);
    const wrapped = [...html.matchAll(/<span class="nobr">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(wrapped).toEqual(['Wikitext-103', 'seq-rep-4', '4-gram', 'top-p', 'GPT-NeoX-20B']);
    expect(html).toContain('<code>top-k-filter</code>');
    const math = /<span class="katex">[\s\S]*?<\/span> 不动/.exec(html)?.[0] ?? '';
    expect(math).toContain('x-1');
    expect(math).not.toContain('nobr');
  });
});
