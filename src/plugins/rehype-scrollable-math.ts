/**
 * Makes display math keyboard-scrollable. Wide formulas scroll sideways on phones
 * (`.katex-display { overflow-x: auto }`); a scrollable region must be focusable so keyboard users
 * can scroll it (WCAG 2.1.1, axe `scrollable-region-focusable`). Runs after rehype-katex.
 */
import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeScrollableMath() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const cls = node.properties.className;
      if (Array.isArray(cls) && cls.includes('katex-display')) {
        node.properties.tabIndex = 0;
      }
    });
  };
}
