/**
 * Drops a soft line break inside a paragraph when CJK characters stand on both sides of it.
 * Browsers render a newline between two Chinese characters as a space ("旋转\n位置" -> "旋转 位置"),
 * which Chinese typography does not want. Next to a Latin word the newline stays: it renders as the
 * space that Chinese-Latin spacing asks for anyway.
 */
import type { Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';

const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/u;

export function joinCjkLines(text: string): string {
  return (
    text
      .replace(/([^\n])[ \t]*\n[ \t]*(?=([^\n]))/gu, (whole, before: string, after: string) =>
        CJK.test(before) && CJK.test(after) ? before : whole,
      )
      // A break at the edge of a text node sits next to inline markup (`**粗体**\n中文`): judge by the
      // character on the text side only.
      .replace(/^[ \t]*\n[ \t]*(?=[^\n])/u, (whole, offset: number, all: string) =>
        CJK.test(all.charAt(whole.length + offset)) ? '' : whole,
      )
      .replace(/([^\n])[ \t]*\n[ \t]*$/u, (whole, before: string) => (CJK.test(before) ? before : whole))
  );
}

export function remarkCjkSoftBreaks() {
  return (tree: Root) => {
    visit(tree, 'text', (node: Text) => {
      if (node.value.includes('\n')) node.value = joinCjkLines(node.value);
    });
  };
}
