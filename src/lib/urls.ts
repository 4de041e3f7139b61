/** Every internal URL is built here, so a route change is one edit. Trailing slashes match `trailingSlash: 'always'`. */
export const questionUrl = (id: string) => `/q/${id}/`;
export const sectionUrl = (id: string) => `/s/${id}/`;
export const referencesUrl = (refId?: string) => (refId ? `/references/#${refId}` : '/references/');
export const errataUrl = '/errata/';
export const arxivUrl = (id: string) => `https://arxiv.org/abs/${id}`;
/** The page that shows a repository file under snippets/ (its tests, reference script and data). */
export const codeUrl = (repoPath: string) => `/code/${repoPath}/`;
