import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown';
import { rehypeSections } from '../../src/plugins/rehype-sections';

/** The section tags of the output, attributes included, and nothing else. */
const sectionTags = (html: string) => html.match(/<\/?section[^>]*>|<h[23]>[^<]*<\/h[23]>/g) ?? [];

describe('rehypeSections', () => {
  it('wraps ## runs, and ### runs inside them; the smallest runs are the skippable units', async () => {
    const html = await renderMarkdown('intro\n\n## A\n\none\n\n### A.1\n\ntwo\n\n## B\n\nthree\n', rehypeSections);
    expect(html.replace(/\n/g, '')).toMatch(/^<p>intro<\/p><section class="h2-section"><h2>A<\/h2><p>one<\/p>/);
    expect(sectionTags(html).map((t) => t.replace(/ style="[^"]*"/, ''))).toEqual([
      '<section class="h2-section">',
      '<h2>A</h2>',
      '<section class="h3-section cv">',
      '<h3>A.1</h3>',
      '</section>',
      '</section>',
      '<section class="h2-section cv">',
      '<h2>B</h2>',
      '</section>',
    ]);
  });

  it('estimates each unit: fixed rem for headings and display math, text rem by phone-width lines', async () => {
    // a heading (3.3), a paragraph of 60 CJK characters (3 lines of 26 → 5.25 rem of text, 0.8 gap)
    // and a display formula (4.5 + 0.8 gap)
    const para = '字'.repeat(60);
    const html = await renderMarkdown(`## A\n\n${para}\n\n$$\nx^2\n$$\n`, rehypeSections);
    expect(html).toContain('style="--cv-h:9.4;--cv-t:5.3"');
  });

  it('counts a formula once: the MathML copy for screen readers is not drawn', async () => {
    // 25 characters and an x fill one 26-character line; MathML's x and annotation would wrap it
    const plain = await renderMarkdown(`## A\n\n${'字'.repeat(26)}\n`, rehypeSections);
    const withMath = await renderMarkdown(`## A\n\n${'字'.repeat(25)} $x$\n`, rehypeSections);
    expect(plain).toContain('--cv-t:1.8');
    expect(withMath).toContain('--cv-t:1.8');
  });

  it('leaves a page without ## headings as it is', async () => {
    const input = 'just text\n\n### a small heading\n';
    expect(await renderMarkdown(input, rehypeSections)).toBe(await renderMarkdown(input));
  });
});
