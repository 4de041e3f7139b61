import { describe, expect, it } from 'vitest';
import { hasInlineMath, inlineMathAsText, renderInlineMath } from '../../src/lib/inline-math';

describe('inline math in plain-text fields', () => {
  it('renders $…$ with KaTeX, escapes the text around it, hides MathML from Pagefind', () => {
    const html = renderInlineMath('频率 $\\theta_i = 10000^{-2i/d}$ <b>&');
    expect(html).toContain('class="katex"');
    expect(html).toContain('<span class="katex-mathml" data-pagefind-ignore="all">');
    expect(html).toMatch(/&lt;b&gt;&amp;$/);
    expect(html.startsWith('频率 ')).toBe(true);
  });

  it('leaves text without math alone and says whether there is math', () => {
    expect(renderInlineMath('没有公式，只有 5 美元')).toBe('没有公式，只有 5 美元');
    expect(hasInlineMath('a $x$ b')).toBe(true);
    expect(hasInlineMath('a $ b')).toBe(false);
  });

  it('gives the visible characters for a meta description', () => {
    expect(inlineMathAsText('打分只依赖 $m - n$。')).toBe('打分只依赖 m−n。');
  });

  it('names the field when the TeX is broken', () => {
    expect(() => renderInlineMath('坏公式 $\\frac{1$', 'content/questions/x.mdx: field "summary"')).toThrow(
      /content\/questions\/x\.mdx: field "summary": KaTeX cannot render/,
    );
  });
});
