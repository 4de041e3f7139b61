import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown';
import { rehypeSections } from '../../src/plugins/rehype-sections';

describe('rehypeSections', () => {
  it('wraps each ## heading and what follows it, up to the next ##, in a section', async () => {
    const html = await renderMarkdown('intro\n\n## A\n\none\n\n### A.1\n\ntwo\n\n## B\n\nthree\n', rehypeSections);
    expect(html.replace(/\n/g, '')).toBe(
      '<p>intro</p>' +
        '<section class="h2-section"><h2>A</h2><p>one</p><h3>A.1</h3><p>two</p></section>' +
        '<section class="h2-section"><h2>B</h2><p>three</p></section>',
    );
  });

  it('leaves a page without ## headings as it is', async () => {
    const input = 'just text\n\n### a small heading\n';
    expect(await renderMarkdown(input, rehypeSections)).toBe(await renderMarkdown(input));
  });
});
