/**
 * What authors use in MDX, without imports: the one registry handed to every question's <Content>.
 * Adding a component here makes it available on every page; src/lib/mdx-scan.ts and
 * src/lib/integrity.ts check the ones that point at other content.
 */
import Aside from './Aside.astro';
import Cite from './Cite.astro';
import Errata from './Errata.astro';
import Figure from './Figure.astro';
import QLink from './QLink.astro';
import Runnable from './Runnable.astro';

export const mdxComponents = { Aside, Cite, Errata, Figure, QLink, Runnable };
