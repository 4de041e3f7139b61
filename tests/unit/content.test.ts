/**
 * Content integrity over the real content/ folder: every cross-reference resolves, nothing is orphaned,
 * errata quote the original exactly, and the original's text appears nowhere outside an errata quote.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'yaml';
import { figureNames, questionSlugs, referenceIds } from '../../src/lib/content-ids';
import { scanMdx } from '../../src/lib/mdx-scan';
import { integrityErrors } from '../../src/lib/integrity';
import type { QuestionMeta } from '../../src/lib/questions';
import { snippetPaths } from '../../src/lib/snippets';
import { aliasKey } from '../../src/lib/search-query';

interface Page {
  meta: QuestionMeta & Record<string, unknown>;
  body: string;
}

function readPage(id: string): Page {
  const raw = readFileSync(`content/questions/${id}.mdx`, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw);
  if (!m) throw new Error(`content/questions/${id}.mdx: no frontmatter block`);
  const data = parse(m[1]!) as Record<string, unknown>;
  return {
    meta: {
      ...data,
      id,
      related: (data.related as string[]) ?? [],
      refs: (data.refs as string[]) ?? [],
    } as Page['meta'],
    body: m[2]!,
  };
}

const slugs = questionSlugs();
const pages = new Map(slugs.map((id) => [id, readPage(id)]));
const scans = new Map(slugs.map((id) => [id, scanMdx(pages.get(id)!.body, `content/questions/${id}.mdx`)]));
const refIds = referenceIds();
const snippets = snippetPaths();

// The original text lives in the team's shared folder beside the repo (CI has it there too; a git
// worktree one level deeper finds it at ../../shared). Not finding it fails: a silent skip would let
// a misquoted erratum land.
const SEED = 'shared/seed/000_a713d891f3cd3f97.txt';
const ORIGINAL =
  process.env.ORIGINAL_TEXT ?? [`../${SEED}`, `../../${SEED}`].find((p) => existsSync(p)) ?? `../${SEED}`;
const squash = (s: string) => s.replace(/\s+/g, '');

describe('content integrity', () => {
  it('has pages', () => {
    expect(slugs.length).toBeGreaterThan(0);
  });

  it('slugs are ASCII kebab-case and unique', () => {
    for (const s of slugs) expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('every related/ref/QLink/Cite/Runnable/Figure target exists; seq unique; section and order match seq', () => {
    const questions = [...pages.values()].map((p) => p.meta);
    expect(
      integrityErrors({ questions, scans, referenceIds: refIds, snippetPaths: snippets, figureNames: figureNames() }),
    ).toEqual([]);
  });

  it('an alias (or a title) names one page: search puts the page it names first', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [id, { meta }] of pages) {
      const names = [
        ...((meta['aliases'] as unknown[] | undefined) ?? []).map(String),
        String(meta.title).replace(/[？?]$/, ''),
      ];
      for (const key of new Set(names.map(aliasKey))) {
        const other = owner.get(key);
        if (other && other !== id) clashes.push(`${key}: ${other}, ${id}`);
        owner.set(key, id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('bibliography ids are unique, and no arXiv paper has two ids', () => {
    expect(new Set(refIds).size).toBe(refIds.length);
    const entries = parse(readFileSync('content/references.yaml', 'utf8')) as {
      id: string;
      arxiv?: string;
      url?: string;
    }[];
    const byKey = new Map<string, string[]>();
    for (const e of entries)
      for (const key of e.arxiv ? [`arXiv ${e.arxiv}`] : []) byKey.set(key, [...(byKey.get(key) ?? []), e.id]);
    expect([...byKey].filter(([, ids]) => ids.length > 1).map(([key, ids]) => `${key}: ${ids.join(', ')}`)).toEqual([]);
  });

  it('no orphans: every listed ref is cited on its page, every reference and snippet is used', () => {
    const problems: string[] = [];
    for (const [id, p] of pages) {
      for (const r of p.meta.refs) {
        if (!scans.get(id)!.cites.includes(r))
          problems.push(`content/questions/${id}.mdx: ref "${r}" listed in refs but never <Cite>d`);
      }
    }
    const cited = new Set([...pages.values()].flatMap((p) => p.meta.refs));
    for (const r of refIds) if (!cited.has(r)) problems.push(`content/references.yaml: "${r}" is cited by no page`);
    const used = new Set([...scans.values()].flatMap((s) => s.snippets));
    for (const s of snippets) if (!used.has(s)) problems.push(`snippets/${s}.ts is embedded by no page`);
    const shown = new Set([...scans.values()].flatMap((s) => s.figures));
    for (const f of figureNames()) if (!shown.has(f)) problems.push(`content/figures/${f}.svg is shown by no page`);
    expect(problems).toEqual([]);
  });

  it('one quotation-mark style: “” everywhere, no 「」 (content/README.md)', () => {
    const bad = [...pages].filter(([, p]) => /[「」]/.test(p.body + JSON.stringify(p.meta))).map(([id]) => id);
    expect(bad, 'pages with 「」').toEqual([]);
  });

  it('refs are listed in first-citation order, so readers meet [1], [2], [3] in turn', () => {
    for (const [id, p] of pages) expect(scans.get(id)!.cites, `content/questions/${id}.mdx`).toEqual(p.meta.refs);
  });

  it('every page has the required sections in order and at least one errata', () => {
    for (const [id, p] of pages) {
      const h2 = [...p.body.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
      const wanted = ['详解', '原文勘误', '面试追问'].filter((h) => h2.includes(h));
      expect(wanted, `content/questions/${id}.mdx headings ${h2.join(' / ')}`).toEqual([
        '详解',
        '原文勘误',
        '面试追问',
      ]);
      expect(h2.indexOf('详解')).toBeLessThan(h2.indexOf('原文勘误'));
      expect(scans.get(id)!.errata.length, id).toBeGreaterThan(0);
    }
  });

  describe('against the original text', () => {
    it('finds the original text', () => {
      expect(existsSync(ORIGINAL), `${ORIGINAL} not found: set ORIGINAL_TEXT to the path of ${SEED}`).toBe(true);
    });
    const original = existsSync(ORIGINAL) ? squash(readFileSync(ORIGINAL, 'utf8')) : '';

    it('every errata quote is an exact quote of the original (whitespace aside)', () => {
      const bad: string[] = [];
      for (const [id, s] of scans) {
        for (const e of s.errata) if (!original.includes(squash(e.quote))) bad.push(`${id}: ${e.quote}`);
      }
      expect(bad).toEqual([]);
    });

    it('outside errata quotes, no page repeats 20 consecutive characters (4+ of them Chinese) of the original', () => {
      const WINDOW = 20;
      const windows = new Set<string>();
      for (let i = 0; i + WINDOW <= original.length; i++) windows.add(original.slice(i, i + WINDOW));
      const hits: string[] = [];
      for (const [id, p] of pages) {
        const text = squash(p.body.replace(/quote="[^"]*"/g, ''));
        for (let i = 0; i + WINDOW <= text.length; i++) {
          const w = text.slice(i, i + WINDOW);
          // A run of Latin letters alone is a name (Attention with Linear Biases), not copied prose.
          if (windows.has(w) && (w.match(/[\u3400-\u9fff]/g) ?? []).length >= 4) {
            hits.push(`${id}: …${w}…`);
            i += WINDOW;
          }
        }
      }
      expect(hits).toEqual([]);
    });
  });
});
