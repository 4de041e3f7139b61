// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { remarkCjkSoftBreaks } from './src/plugins/remark-cjk-soft-breaks.ts';
import { rehypeKatexPost } from './src/plugins/rehype-katex-post.ts';
import { rehypeNobreakTerms } from './src/plugins/rehype-nobreak-terms.ts';

/** Public origin used for canonical URLs, Open Graph tags and the sitemap. */
const SITE = process.env.SITE_URL ?? 'https://llm-bagu.example.org';

export default defineConfig({
  site: SITE,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  integrations: [mdx(), sitemap()],
  // Astro 7's default markdown processor cannot run remark/rehype plugins; the unified one can,
  // and MDX inherits it.
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath, remarkCjkSoftBreaks],
      rehypePlugins: [[rehypeKatex, { strict: 'error', throwOnError: true }], rehypeKatexPost, rehypeNobreakTerms],
    }),
    shikiConfig: {
      // The high-contrast GitHub pair: the plain github-light has token colours below WCAG AA.
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
  },
  // Vite 8 bundles workers as one IIFE with every dynamic import inlined; ES workers keep each tfjs
  // backend, sucrase and the editor in chunks of their own, loaded only when used.
  vite: { worker: { format: 'es' } },
  devToolbar: { enabled: false },
  // Astro keeps its content store in cacheDir (default node_modules/.astro). Worktrees and the build
  // tests' scratch copies link one node_modules, so the default would let one copy's pages leak
  // into another's build: keep the cache beside the sources instead (.astro/ is ignored by git).
  cacheDir: './.astro/cache',
});
