import { afterEach, describe, expect, it, test, vi } from 'vitest';
import { normaliseBase } from '../../src/lib/base-path';

/** src/lib/urls.ts reads the base once, at import: import it afresh under `baseUrl`. */
async function urlsUnder(baseUrl: string) {
  vi.stubEnv('BASE_URL', baseUrl);
  vi.resetModules();
  return import('../../src/lib/urls');
}

afterEach(() => vi.unstubAllEnvs());

describe('internal URLs carry the base path', () => {
  test('at the root', async () => {
    const u = await urlsUnder('/');
    expect([u.homeUrl, u.questionUrl('rope'), u.sectionUrl('position'), u.errataUrl]).toEqual([
      '/',
      '/q/rope/',
      '/s/position/',
      '/errata/',
    ]);
    expect(u.referencesUrl('su2021')).toBe('/references/#su2021');
    expect(u.codeUrl('snippets/rope/rope.test.ts')).toBe('/code/snippets/rope/rope.test.ts/');
    expect(u.pagefindDir).toBe('/pagefind/');
    expect(u.practiceUrl()).toBe('/practice/');
  });

  // Astro gives BASE_URL with or without its trailing slash depending on trailingSlash; both work.
  for (const given of ['/llm-bagu/', '/llm-bagu', 'llm-bagu/']) {
    test(`under ${given}`, async () => {
      const u = await urlsUnder(given);
      expect(u.base).toBe('/llm-bagu/');
      expect([u.homeUrl, u.questionUrl('rope'), u.referencesUrl(), u.codeIndexUrl]).toEqual([
        '/llm-bagu/',
        '/llm-bagu/q/rope/',
        '/llm-bagu/references/',
        '/llm-bagu/code/',
      ]);
      expect(u.assetUrl('favicon.svg')).toBe('/llm-bagu/favicon.svg');
      expect(u.assetUrl('/sitemap-index.xml')).toBe('/llm-bagu/sitemap-index.xml');
      expect(u.pagefindDir).toBe('/llm-bagu/pagefind/');
      expect(u.practiceUrl('alignment')).toBe('/llm-bagu/practice/?section=alignment');
      expect(u.arxivUrl('2104.09864')).toBe('https://arxiv.org/abs/2104.09864');
    });
  }
});

describe('normaliseBase', () => {
  it('gives / or /sub/ whatever the deployer writes', () => {
    for (const written of [undefined, '', '/', '//']) expect(normaliseBase(written)).toBe('/');
    for (const written of ['sub', '/sub', 'sub/', '/sub/', '//sub//']) expect(normaliseBase(written)).toBe('/sub/');
    expect(normaliseBase('/a/b/')).toBe('/a/b/');
  });
});
