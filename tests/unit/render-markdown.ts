// Markdown (with math) to HTML through remark-rehype and KaTeX, then the rehype plugins under test:
// the pipeline the plugin fixture tests share.
import { unified, type Pluggable } from 'unified';
import remarkParse from 'remark-parse';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';

export async function renderMarkdown(input: string, ...rehypePlugins: Pluggable[]): Promise<string> {
  const processor = unified().use(remarkParse).use(remarkMath).use(remarkRehype).use(rehypeKatex);
  for (const plugin of rehypePlugins) processor.use(plugin as never);
  return String(await processor.use(rehypeStringify).process(input));
}
