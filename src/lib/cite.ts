/** Formats bibliography entries the same way everywhere (reference lists, /references/). */
import { arxivUrl } from './urls';
export interface RefLike {
  title: string;
  authors: string[];
  year: number;
  venue: string;
  arxiv?: string | undefined;
  url?: string | undefined;
}

/** "Su, Lu, Pan et al." style: up to three family-name-first authors, then "et al.". */
export function formatAuthors(authors: readonly string[]): string {
  const names = authors.filter((a) => a !== 'et al.');
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 || authors.includes('et al.') ? `${shown}, et al.` : shown;
}

/** Link target for a reference: its URL when given, else its arXiv page. */
export function referenceHref(ref: RefLike): string | undefined {
  return ref.url ?? (ref.arxiv ? arxivUrl(ref.arxiv) : undefined);
}
