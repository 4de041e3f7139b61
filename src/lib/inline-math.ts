/**
 * `$…$` in a plain-text frontmatter field (the 简答 summary): rendered with KaTeX exactly as the
 * body's inline math is (strict, throwing on an error), with the MathML copy hidden from Pagefind so
 * search indexes and excerpts the formula once, as rendered text. Also gives the same field as plain
 * text for places that cannot hold markup (meta description, Open Graph).
 */
import katex from 'katex';

/** `$…$` spans: a single dollar on each side, no dollar or newline inside. */
const INLINE_MATH = /\$([^$\n]+)\$/g;

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** True when `text` contains inline math. */
export const hasInlineMath = (text: string): boolean => new RegExp(INLINE_MATH.source).test(text);

function renderTex(tex: string, label: string): string {
  try {
    return katex.renderToString(tex, { throwOnError: true, strict: 'error', output: 'htmlAndMathml' });
  } catch (e) {
    throw new Error(`${label}: KaTeX cannot render $${tex}$: ${(e as Error).message}`, { cause: e });
  }
}

/** HTML for `text`: text escaped, each `$…$` rendered by KaTeX. `label` names the field in errors. */
export function renderInlineMath(text: string, label = 'summary'): string {
  let html = '';
  let last = 0;
  for (const m of text.matchAll(INLINE_MATH)) {
    html += escapeHtml(text.slice(last, m.index));
    html += renderTex(m[1]!, label).replace(
      '<span class="katex-mathml">',
      '<span class="katex-mathml" data-pagefind-ignore="all">',
    );
    last = m.index + m[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/** `text` with each `$…$` replaced by the characters KaTeX shows for it (θi = 10000−2i/d). */
export function inlineMathAsText(text: string, label = 'summary'): string {
  return text.replace(INLINE_MATH, (_, tex: string) => {
    const html = renderTex(tex, label);
    const visible = html.slice(html.indexOf('<span class="katex-html"'));
    return visible
      .replace(/<[^>]+>/g, '')
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/\u200b/g, '');
  });
}
