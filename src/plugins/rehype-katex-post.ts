/**
 * Runs after rehype-katex and adjusts its output for the site:
 * - display math becomes keyboard-scrollable: wide formulas scroll sideways on phones
 *   (`.katex-display { overflow-x: auto }`), and a scrollable region must be focusable so keyboard
 *   users can scroll it (WCAG 2.1.1, axe `scrollable-region-focusable`);
 * - the MathML copy (kept for screen readers) is hidden from Pagefind, which would otherwise index
 *   every formula three times, TeX source included, and show `ddd` or `\boldsymbol{W` in excerpts;
 *   display formulas are hidden from it entirely (flattened, a matrix reads as `cosmθsinmθ−sinmθ`),
 *   while inline math keeps its rendered text (`m − n`, `θi`) so sentences around it stay whole.
 */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeKatexPost() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const cls = node.properties.className;
      if (!Array.isArray(cls)) return;
      if (cls.includes('katex-display')) {
        node.properties.tabIndex = 0;
        node.properties.dataPagefindIgnore = 'all';
      }
      if (cls.includes('katex-mathml')) node.properties.dataPagefindIgnore = 'all';
    });
  };
}
