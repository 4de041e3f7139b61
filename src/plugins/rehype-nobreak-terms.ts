/**
 * Keeps hyphenated Latin terms on one line: `Wikitext-103`, `4-gram`, `seq-rep-4`, `top-p`. A browser
 * may break after any hyphen, and between Chinese text a term split as `seq-` / `rep-4` reads as two
 * words. Each such term in prose is wrapped in `<span class="nobr">` (white-space: nowrap); code,
 * math, SVG and scripts are left alone.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/** Two or more runs of Latin letters or digits joined by ASCII hyphens. */
const TERM = /[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g;
const SKIPPED_TAGS = new Set(['code', 'pre', 'script', 'style', 'svg', 'math', 'textarea', 'kbd']);

function isSkipped(node: Element): boolean {
  if (SKIPPED_TAGS.has(node.tagName)) return true;
  const cls = node.properties.className;
  return Array.isArray(cls) && cls.some((c) => String(c).startsWith('katex') || c === 'nobr');
}

function split(text: Text): ElementContent[] | null {
  const parts: ElementContent[] = [];
  let last = 0;
  for (const m of text.value.matchAll(TERM)) {
    if (m.index > last) parts.push({ type: 'text', value: text.value.slice(last, m.index) });
    parts.push({
      type: 'element',
      tagName: 'span',
      properties: { className: ['nobr'] },
      children: [{ type: 'text', value: m[0] }],
    });
    last = m.index + m[0].length;
  }
  if (parts.length === 0) return null;
  if (last < text.value.length) parts.push({ type: 'text', value: text.value.slice(last) });
  return parts;
}

export function rehypeNobreakTerms() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (node.type === 'element' && isSkipped(node)) return SKIP;
      if (node.type !== 'text' || !parent || index === undefined) return;
      const parts = split(node);
      if (!parts) return;
      parent.children.splice(index, 1, ...parts);
      return index + parts.length; // continue after the inserted nodes
    });
  };
}
