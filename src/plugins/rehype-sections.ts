/**
 * Wraps each `##` heading and what follows it, up to the next `##`, in `<section class="h2-section">`,
 * so the browser can skip style, layout and paint of sections off screen (`content-visibility: auto`
 * in global.css). The long pages are thousands of KaTeX spans: laid out all at once they block the
 * main thread for hundreds of milliseconds on a phone. Content before the first `##` stays as it is.
 */
import type { Element, Root, RootContent } from 'hast';

const isH2 = (n: RootContent): n is Element => n.type === 'element' && n.tagName === 'h2';

export function rehypeSections() {
  return (tree: Root) => {
    if (!tree.children.some(isH2)) return;
    const out: RootContent[] = [];
    let section: Element | undefined;
    for (const node of tree.children) {
      if (isH2(node)) {
        section = { type: 'element', tagName: 'section', properties: { className: ['h2-section'] }, children: [] };
        out.push(section);
      }
      if (section) section.children.push(node as Element);
      else out.push(node);
    }
    tree.children = out;
  };
}
