/**
 * Reads a question's MDX source (without running it) and lists the components it uses: the errata it
 * declares, the pages it links with <QLink>, the references it cites, the snippets and figures it embeds.
 * Pages use this for backlinks and the /errata/ collection; the integrity tests use it to find dead ids.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkMath from 'remark-math';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { errataAnchor } from './anchors';

export interface ErrataEntry {
  /** Anchor id on the question page (see errataAnchor). */
  anchor: string;
  /** The original text's claim, quoted exactly. */
  quote: string;
  /** The one-sentence correction. */
  fix: string;
}

export interface MdxScan {
  errata: ErrataEntry[];
  /** Question slugs linked with <QLink to>, deduplicated, in first-use order. */
  links: string[];
  /** Reference ids cited with <Cite id>, deduplicated, in first-use order. */
  cites: string[];
  /** Snippet paths embedded with <Runnable src>, in order. */
  snippets: string[];
  /** Figure names used with <Figure name>, deduplicated, in first-use order. */
  figures: string[];
  /** Whether the page contains any $...$ or $$...$$ math. */
  hasMath: boolean;
}

interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}
interface JsxNode {
  type: string;
  name: string | null;
  attributes: JsxAttribute[];
  position?: { start: { line: number } };
}

const parser = unified().use(remarkParse).use(remarkMath).use(remarkMdx);

function attr(node: JsxNode, name: string): string | undefined {
  const a = node.attributes.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  return typeof a?.value === 'string' ? a.value : undefined;
}

/** Thrown for a component used without a required attribute, with the source line. */
export class MdxScanError extends Error {}

export function scanMdx(source: string, fileLabel = 'MDX'): MdxScan {
  const tree = parser.parse(source) as Root;
  const scan: MdxScan = { errata: [], links: [], cites: [], snippets: [], figures: [], hasMath: false };
  const need = (node: JsxNode, name: string): string => {
    const value = attr(node, name);
    if (!value) {
      const line = node.position?.start.line ?? '?';
      throw new MdxScanError(`${fileLabel}:${line}: <${node.name}> needs a string "${name}" attribute`);
    }
    return value;
  };
  const addOnce = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  visit(tree, (node) => {
    if (node.type === 'math' || node.type === 'inlineMath') scan.hasMath = true;
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
    const el = node as unknown as JsxNode;
    switch (el.name) {
      case 'Errata':
        scan.errata.push({ anchor: errataAnchor(need(el, 'quote')), quote: need(el, 'quote'), fix: need(el, 'fix') });
        break;
      case 'QLink':
        addOnce(scan.links, need(el, 'to'));
        break;
      case 'Cite':
        addOnce(scan.cites, need(el, 'id'));
        break;
      case 'Runnable':
        scan.snippets.push(need(el, 'src'));
        break;
      case 'Figure':
        addOnce(scan.figures, need(el, 'name'));
        break;
    }
  });
  return scan;
}
