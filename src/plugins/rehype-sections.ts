/**
 * Wraps each `##` heading and what follows it, up to the next `##`, in `<section class="h2-section">`,
 * and each `###` run inside it in `<section class="h3-section">`, so the browser can skip style,
 * layout and paint of sections off screen (`content-visibility: auto` on `.cv` in global.css). The
 * long pages are thousands of KaTeX spans: laid out all at once they block the main thread for
 * hundreds of milliseconds on a phone. Content before the first `##` stays as it is.
 *
 * The skipped units are the smallest sections (an `###` run, or a `##` run without `###`): one
 * `##` such as RoPE's 详解 is most of a page, and skipping it whole would save nothing.
 *
 * A skipped section takes the height `contain-intrinsic-size` gives it until it is first shown, so
 * the scrollbar and the table of contents jump if that guess is far off. Each unit carries its own
 * estimate as two custom properties, read by global.css: `--cv-h`, rem that do not depend on the
 * column width (headings, display math, figures, runners, code lines, table rows), and `--cv-t`,
 * rem of running text at phone width, which global.css scales down for wider columns.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';

/** Phone column (about 360 px of text at 16 px): CJK characters per line, line height in rem. */
const CHARS_PER_LINE = 26;
const LINE_REM = 1.75;
/** Gap between blocks (p, ul, ol: 0.8em margins, collapsed). */
const BLOCK_GAP_REM = 0.8;
/** A heading's line and bottom margin (its top margin is on the section: global.css). */
const HEADING_REM: Record<string, number> = { h2: 3.3, h3: 2.3 };
const MINOR_HEADING_REM = 2;
const DISPLAY_MATH_REM = 4.5;
/** Figure.astro: an SVG diagram and its caption. */
const FIGURE_REM = 22;
/**
 * Runnable.astro: the runner has a fixed height (881 px on a phone, 779 px on a desktop) so that
 * nothing moves when it loads; 54 rem is the phone figure rounded down.
 */
const RUNNABLE_REM = 54;
/**
 * Errata.astro / Aside.astro: margins, padding, the label line and the gaps between quote, fix and
 * body; the text inside wraps in a column about 0.8 as wide as the page's.
 */
const BOX_REM = 5.5;
const BOX_WIDTH = 0.8;
const PRE_REM = 2;
const PRE_LINE_REM = 1.4;
const TABLE_REM = 2;
/** A table row's cell padding and borders; its text wraps in a cell as wide as its share of the row. */
const TABLE_ROW_REM = 0.9;

interface Estimate {
  /** rem whatever the column width */
  fixed: number;
  /** rem of wrapped text at phone width */
  text: number;
}

type Node = RootContent | ElementContent;

interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}
interface JsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: JsxAttribute[];
  children: Node[];
}

const isElement = (n: Node, tag?: string): n is Element =>
  n.type === 'element' && (tag === undefined || n.tagName === tag);
const isJsx = (n: Node): n is Node & JsxElement =>
  (n.type as string) === 'mdxJsxFlowElement' || (n.type as string) === 'mdxJsxTextElement';

const classes = (n: Element): string[] => {
  const c = n.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? String(c).split(/\s+/) : [];
};

/** Visible characters of running text: KaTeX's MathML copy is for screen readers, not drawn. */
function textLength(n: Node): number {
  if (n.type === 'text') return n.value.replace(/\s+/g, ' ').trim().length;
  if (isElement(n) && classes(n).includes('katex-mathml')) return 0;
  if ('children' in n) return (n.children as Node[]).reduce((s, c) => s + textLength(c), 0);
  return 0;
}

/** rem of `chars` characters wrapped in a column `width` times the page's. */
const linesRem = (chars: number, width = 1) =>
  chars === 0 ? 0 : Math.ceil(chars / (CHARS_PER_LINE * width)) * LINE_REM;

const add = (a: Estimate, b: Estimate): Estimate => ({ fixed: a.fixed + b.fixed, text: a.text + b.text });
const sum = (nodes: Node[], width = 1): Estimate =>
  nodes.reduce((s, c) => add(s, estimate(c, width)), { fixed: 0, text: 0 });

/** Contains a display formula anywhere below (remark-math puts `$$…$$` blocks in their own element). */
function displayMathCount(n: Node): number {
  if (isElement(n) && classes(n).includes('katex-display')) return 1;
  if ('children' in n) return (n.children as Node[]).reduce((s, c) => s + displayMathCount(c), 0);
  return 0;
}

/** Each row is as tall as its longest cell, wrapped in the cell's share of the column. */
function tableEstimate(table: Element, width: number): Estimate {
  const rows = descendants(table, 'tr');
  let text = 0;
  for (const row of rows) {
    const cells = row.children.filter((c): c is Element => isElement(c, 'td') || isElement(c, 'th'));
    text += Math.max(0, ...cells.map((c) => linesRem(textLength(c), width / cells.length)));
  }
  return { fixed: TABLE_REM + TABLE_ROW_REM * rows.length, text };
}

/** `width`: the column the node sits in, as a share of the page's text column. */
function estimate(n: Node, width = 1): Estimate {
  if (n.type === 'text') return { fixed: 0, text: linesRem(textLength(n), width) };
  if (isJsx(n)) {
    if (n.name === 'Runnable') return { fixed: RUNNABLE_REM, text: 0 };
    if (n.name === 'Figure') return { fixed: FIGURE_REM, text: 0 };
    if (n.name === 'Errata' || n.name === 'Aside') {
      // quote / fix / title are drawn as text lines above the box's children
      const inner = width * BOX_WIDTH;
      const attrs = n.attributes
        .filter((a) => a.type === 'mdxJsxAttribute' && typeof a.value === 'string')
        .reduce((s, a) => s + linesRem((a.value as string).length, inner), 0);
      return add({ fixed: BOX_REM, text: attrs }, sum(n.children, inner));
    }
    return n.type === 'mdxJsxTextElement' ? { fixed: 0, text: linesRem(textLength(n), width) } : sum(n.children, width);
  }
  if (!isElement(n)) return { fixed: 0, text: 0 };
  const tag = n.tagName;
  if (/^h[2-6]$/.test(tag)) return { fixed: HEADING_REM[tag] ?? MINOR_HEADING_REM, text: 0 };
  if (tag === 'pre') {
    return { fixed: PRE_REM + PRE_LINE_REM * collectText(n).split('\n').length, text: 0 };
  }
  if (tag === 'table') return tableEstimate(n, width);
  if (['section', 'div', 'ul', 'ol', 'blockquote', 'details'].includes(tag)) {
    return add({ fixed: BLOCK_GAP_REM, text: 0 }, sum(n.children, width));
  }
  // a text block (p, li, …): its display formulas, and its other text wrapped in the column
  const displays = displayMathCount(n);
  return {
    fixed: BLOCK_GAP_REM + DISPLAY_MATH_REM * displays,
    text: displays ? 0 : linesRem(textLength(n), width),
  };
}

function collectText(n: Node): string {
  if (n.type === 'text') return n.value;
  if ('children' in n) return (n.children as Node[]).map(collectText).join('');
  return '';
}

function descendants(n: Node, tag: string): Element[] {
  if (!('children' in n)) return [];
  return (n.children as Node[]).flatMap((c) => [...(isElement(c, tag) ? [c] : []), ...descendants(c, tag)]);
}

const round = (x: number) => Math.round(x * 10) / 10;

function section(className: string): Element {
  return { type: 'element', tagName: 'section', properties: { className: [className] }, children: [] };
}

/** Marks a unit as skippable, with its height estimate. */
function markSkippable(unit: Element): void {
  const { fixed, text } = sum(unit.children);
  (unit.properties.className as string[]).push('cv');
  unit.properties.style = `--cv-h:${round(fixed)};--cv-t:${round(text)}`;
}

/** Splits `nodes` at each element `tag`: nodes before the first stay loose, each run goes in a section. */
function wrapRuns(nodes: Node[], tag: string, className: string): { out: Node[]; sections: Element[] } {
  const out: Node[] = [];
  const sections: Element[] = [];
  let current: Element | undefined;
  for (const node of nodes) {
    if (isElement(node, tag)) {
      current = section(className);
      sections.push(current);
      out.push(current);
    }
    if (current) current.children.push(node as ElementContent);
    else out.push(node);
  }
  return { out, sections };
}

export function rehypeSections() {
  return (tree: Root) => {
    const { out, sections } = wrapRuns(tree.children, 'h2', 'h2-section');
    if (sections.length === 0) return;
    for (const h2 of sections) {
      const inner = wrapRuns(h2.children, 'h3', 'h3-section');
      h2.children = inner.out as ElementContent[];
      if (inner.sections.length === 0) markSkippable(h2);
      else inner.sections.forEach(markSkippable);
    }
    tree.children = out as RootContent[];
  };
}
