/**
 * Every internal URL is built here, so a route change is one edit. Trailing slashes match
 * `trailingSlash: 'always'`. Each URL carries the site's base path (`BASE_PATH` at build time,
 * `/` by default; Astro hands it over as `import.meta.env.BASE_URL`), so the site works at the root
 * of a host and under a sub-path such as a GitHub Pages project site (`/llm-bagu/`).
 */
import { normaliseBase } from './base-path';

/** The base path with exactly one slash at each end: `/` or `/llm-bagu/`. */
export const base = normaliseBase(import.meta.env.BASE_URL);

/** A site path (`q/rope/`, with or without its leading slash) under the base path. */
export const withBase = (path: string) => `${base}${path.replace(/^\/+/, '')}`;

export const homeUrl = base;
export const questionUrl = (id: string) => withBase(`q/${id}/`);
export const sectionUrl = (id: string) => withBase(`s/${id}/`);
export const referencesUrl = (refId?: string) => withBase(refId ? `references/#${refId}` : 'references/');
export const errataUrl = withBase('errata/');
export const arxivUrl = (id: string) => `https://arxiv.org/abs/${id}`;
/** The index of the pages that show the verification files. */
export const codeIndexUrl = withBase('code/');
/** The page that shows a repository file under snippets/ (its tests, reference script and data). */
export const codeUrl = (repoPath: string) => withBase(`code/${repoPath}/`);
/** A file copied from public/ (favicon) or written after the build (sitemap, Pagefind). */
export const assetUrl = (file: string) => withBase(file);
/** Pagefind's bundle folder, generated after the build into dist/pagefind/ (not part of the Vite graph). */
export const pagefindDir = withBase('pagefind/');
/** The flashcard page; `section` opens it on that section's cards. */
export const practiceUrl = (section?: string) => withBase(section ? `practice/?section=${section}` : 'practice/');
