/**
 * How a reader's query becomes Pagefind searches, and how their answers combine. Pagefind segments
 * Chinese at index time with charabia (jieba) and at query time with Intl.Segmenter (ICU), which
 * splits words it does not know into single characters: 归一化 becomes 归 一 化, and 一 and 化 then
 * match 同一, 一直, 变化 … anywhere on a long page. So ranking alone cannot find the page about 归一化.
 *
 * Pagefind's exact-phrase search ("…") matches the characters in order, whatever either segmenter
 * did. We ask for the ranked search (BM25 plus the title and alias boosts) and for exact phrases, and
 * keep the ranked order among the pages that contain the query as written: first the whole query,
 * else every space-separated part of it, else every word of two or more characters. A page holding
 * only the scattered characters, or a query no page contains (qwxzv, 量子纠缠), finds nothing.
 */

/** The exact-phrase requirements to try, strictest first; each is a list of phrases a page must all contain. */
export function phraseLevels(query: string, segment: (text: string) => string[] = icuWords): string[][] {
  const whole = query.trim().replace(/\s+/g, ' ');
  if (!whole) return [];
  const parts = whole.split(' ');
  // A question phrasing (为什么会复读) is rarely on the page verbatim: fall back to its words, first
  // keeping runs of single characters together (ICU splits words it does not know: 复读 -> 复 读),
  // then only the words ICU knows.
  // Latin terms with punctuation (Transformer-XL, P(IK), F.layer_norm) are indexed as separate
  // tokens with the punctuation between them, so they match as their alphanumeric pieces.
  const words = (keepRuns: boolean) =>
    parts.flatMap((p) => (hasCjk(p) ? cjkWords(segment(p), keepRuns) : p.split(/[^\p{L}\p{N}_]+/u).filter(Boolean)));
  const candidates = [[whole], parts, words(true), words(false)];
  const levels: string[][] = [];
  for (const level of candidates) {
    const unique = [...new Set(level)];
    const last = levels[levels.length - 1];
    if (unique.length > 0 && (!last || unique.join('\n') !== last.join('\n'))) levels.push(unique);
  }
  return levels;
}

/** ICU words of two or more characters; with `keepRuns`, consecutive single characters joined into one. */
function cjkWords(segments: string[], keepRuns: boolean): string[] {
  const out: string[] = [];
  let run = '';
  for (const w of [...segments, '']) {
    if ([...w].length === 1) {
      run += w;
      continue;
    }
    if (keepRuns && [...run].length >= 2) out.push(run);
    run = '';
    if (w) out.push(w);
  }
  return out;
}

export const hasCjk = (text: string) => /[\u3400-\u9fff\uf900-\ufaff]/u.test(text);

/** Intl.Segmenter's words (what Pagefind's query side sees), punctuation dropped. */
export function icuWords(text: string): string[] {
  const seg = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return [...seg.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * The ranked ids restricted to the first level whose phrases all occur on some page. `contains`
 * gives the ids of pages that contain one phrase exactly. Pages the exact search found but the
 * ranked one did not come last.
 */
export async function rankByPhrases(
  ranked: string[],
  levels: string[][],
  contains: (phrase: string) => Promise<Set<string>>,
): Promise<string[]> {
  for (const phrases of levels) {
    const sets = await Promise.all(phrases.map(contains));
    let pages = sets[0] ?? new Set<string>();
    for (const s of sets.slice(1)) pages = new Set([...pages].filter((id) => s.has(id)));
    if (pages.size === 0) continue;
    return [...ranked.filter((id) => pages.has(id)), ...[...pages].filter((id) => !ranked.includes(id))];
  }
  return [];
}

/**
 * The text of a page's `aliases` search field. Pagefind indexes it with charabia and matches the
 * browser's ICU words against it, so each Chinese alias is also written as ICU's words and as
 * single characters (what ICU makes of words it does not know): 层归一化 matches as 层 归 一 化.
 */
export function aliasField(aliases: readonly string[]): string {
  const forms = new Set<string>();
  for (const alias of aliases) {
    forms.add(alias);
    if (!hasCjk(alias)) continue;
    forms.add(icuWords(alias).join(' '));
    forms.add([...alias.replace(/\s+/g, '')].join(' '));
  }
  return [...forms].join(' · ');
}

/**
 * An alias or a query reduced to what a reader may type differently: case, spaces, hyphens and
 * underscores (KV cache = kv-cache = KVCache; RoPE 外推 = rope外推). Pages carry each alias in this
 * form as a Pagefind filter value, so a query equal to an alias finds its page by exact lookup.
 */
export function aliasKey(text: string): string {
  return text.toLowerCase().replace(/[\s\-_‐‑–—·]+/g, '');
}

/**
 * The page's own names (from its `aliases` and `tags` search fields, as aliasField wrote them) that
 * contain the query, for a result whose excerpt highlights nothing because the query matched only
 * there. The extra segmented forms aliasField adds (层 归 一 化) are skipped.
 */
export function matchedNames(fields: readonly (string | undefined)[], query: string, max = 3): string[] {
  const key = aliasKey(query);
  if (!key) return [];
  const out: string[] = [];
  for (const field of fields) {
    for (const name of (field ?? '').split(' · ')) {
      if (/[\u3400-\u9fff] [\u3400-\u9fff]/u.test(name) || !aliasKey(name).includes(key)) continue;
      if (!out.includes(name)) out.push(name);
      if (out.length === max) return out;
    }
  }
  return out;
}
