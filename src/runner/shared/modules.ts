/**
 * Snippets may import other snippets: `import { applyRope } from '../rope/rope.ts'`. The path is
 * relative and names the `.ts` file, exactly as Node's type stripping and tsc resolve it, so a
 * reader who copies the files with their folders runs them unchanged. The page ships the verified
 * source of every module a snippet reaches; the worker loads each from its own blob: URL.
 *
 * Shared by the build (which collects the modules) and the worker (which resolves the imports).
 */

/** A verified snippet module a run may import, by `topic/name`. */
export interface SnippetModule {
  path: string;
  code: string;
}

/**
 * Resolves `spec` imported from the snippet `from` (`topic/name`) to the `topic/name` it names,
 * or null when it is not a relative `.ts` path to a snippet (`./x.ts`, `../topic/x.ts`).
 */
export function resolveSnippetImport(from: string, spec: string): string | null {
  if (!(spec.startsWith('./') || spec.startsWith('../')) || !spec.endsWith('.ts') || spec.endsWith('.test.ts'))
    return null;
  const parts = from.split('/').slice(0, -1); // the importing file's folder: [topic]
  for (const segment of spec.slice(0, -'.ts'.length).split('/')) {
    if (segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else if (/^[\w-]+$/.test(segment) && !segment.startsWith('_')) parts.push(segment);
    else return null;
  }
  return parts.length === 2 ? parts.join('/') : null;
}

/** Relative module specifiers written in `code` (static `import … from` and bare `import '…'`). */
export function relativeImports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/^\s*import\s[^;]*?['"](\.{1,2}\/[^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}
