// @ts-check
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { remarkCjkSoftBreaks } from './src/plugins/remark-cjk-soft-breaks.ts';
import { rehypeKatexPost } from './src/plugins/rehype-katex-post.ts';
import { rehypeNobreakTerms } from './src/plugins/rehype-nobreak-terms.ts';
import { rehypeSections } from './src/plugins/rehype-sections.ts';
import { normaliseBase } from './src/lib/base-path.ts';

/**
 * tfjs-backend-wasm starts the pthread workers of its threaded build (picked when the page is
 * cross-origin isolated, see public/_headers) from a Blob of `wasmFactoryThreadedSimd.toString()`.
 * Bundled and minified, that function refers to names of the bundle the Blob does not have
 * ("e is not defined" in every thread, and the run never ends). The workers get the package's own
 * file instead, which defines the factory by itself.
 * @returns {import('vite').Plugin}
 */
function tfjsWasmThreadsSource() {
  const BLOB = '`var WasmBackendModuleThreadedSimd = ` +\n                    wasmFactoryThreadedSimd.toString()';
  return {
    name: 'tfjs-wasm-threads-source',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith('/@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js')) return null;
      if (!code.includes(BLOB))
        this.error('tfjs-backend-wasm changed: the threaded factory source is no longer built here');
      const source = fileURLToPath(new URL('../wasm-out/tfjs-backend-wasm-threaded-simd.js', pathToFileURL(id)));
      return `import threadedSimdSource from ${JSON.stringify(`${source}?raw`)};\n${code.replace(BLOB, 'threadedSimdSource')}`;
    },
  };
}

/**
 * Where the site is deployed, both from the environment (README, Deploy):
 * - SITE_URL: the public origin, e.g. `https://<user>.github.io`, for canonical URLs, Open Graph tags
 *   and the sitemap (a path in it is ignored: the path comes from BASE_PATH);
 * - BASE_PATH: the path the site lives under, `/` (default) or e.g. `/llm-bagu/` for a GitHub Pages
 *   project site. Every internal URL goes through src/lib/urls.ts, which reads it back as
 *   import.meta.env.BASE_URL.
 */
const SITE = process.env.SITE_URL || 'https://llm-bagu.example.org';
const BASE = normaliseBase(process.env.BASE_PATH);

export default defineConfig({
  site: SITE,
  base: BASE,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  // The offline page is only for the service worker to show (scripts/build-sw.mjs).
  integrations: [mdx(), sitemap({ filter: (page) => !new URL(page).pathname.endsWith('/offline/') })],
  // Astro 7's default markdown processor cannot run remark/rehype plugins; the unified one can,
  // and MDX inherits it.
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath, remarkCjkSoftBreaks],
      rehypePlugins: [
        [rehypeKatex, { strict: 'error', throwOnError: true }],
        rehypeKatexPost,
        rehypeNobreakTerms,
        rehypeSections,
      ],
    }),
    shikiConfig: {
      // The high-contrast GitHub pair: the plain github-light has token colours below WCAG AA.
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
  },
  // Vite 8 bundles workers as one IIFE with every dynamic import inlined; ES workers keep each tfjs
  // backend, sucrase and the editor in chunks of their own, loaded only when used.
  vite: { plugins: [tfjsWasmThreadsSource()], worker: { format: 'es', plugins: () => [tfjsWasmThreadsSource()] } },
  devToolbar: { enabled: false },
  // Astro keeps its content store in cacheDir (default node_modules/.astro). Worktrees and the build
  // tests' scratch copies link one node_modules, so the default would let one copy's pages leak
  // into another's build: keep the cache beside the sources instead (.astro/ is ignored by git).
  cacheDir: './.astro/cache',
});
