/**
 * The snippet registry: every runnable module under snippets/<topic>/<name>.ts (tests, reference
 * scripts and the shared test harness excluded). Read at build time only.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { relativeImports, resolveSnippetImport, type SnippetModule } from '../runner/shared/modules.ts'; // with .ts: the e2e tests load this file in Node

export const SNIPPETS_DIR = 'snippets';

/** `topic/name` for every snippet, sorted. */
export function snippetPaths(root = '.'): string[] {
  const dir = join(root, SNIPPETS_DIR);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const topic of readdirSync(dir)) {
    if (topic.startsWith('_') || topic.startsWith('.') || !statSync(join(dir, topic)).isDirectory()) continue;
    for (const f of readdirSync(join(dir, topic))) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts')) out.push(`${topic}/${f.slice(0, -3)}`);
    }
  }
  return out.sort();
}

/** What a file under snippets/ is, in one line for readers of /code/. */
export function describeFile(path: string): string {
  const name = path.split('/').pop() ?? path;
  if (path.startsWith(`${SNIPPETS_DIR}/_test/`)) {
    if (name === 'contract.test.ts')
      return '契约测试：每段代码都必须有测试、参考数据（含 main() 的期望返回值），只能 import @tensorflow/tfjs，并导出 main()。';
    if (name === 'gen_all.py') return '在同一个 Python 进程里依次运行所有 reference.py（只 import 一次 torch）。';
    if (name.endsWith('.py'))
      return '所有 reference.py 共用的设置与 JSON 写出工具：float64、单线程、固定舍入与键顺序，让 CI 能逐字节比对。';
    if (name === 'compare.ts') return '唯一的容差比较函数（同 numpy.allclose），Node 里的测试和浏览器里的测试都用它。';
    return '所有代码测试共用的测试工具：读取 reference.json、切换 cpu / wasm 后端、对照 main() 的返回值、检查张量泄漏。';
  }
  if (name === 'reference.py')
    return '用 PyTorch 独立实现计算参考值，写出同目录的 reference.json；CI 重新运行它并要求结果与提交的一致。';
  if (name === 'reference.json')
    return 'PyTorch 算出的参考值：输入、期望输出、容差和生成它的脚本。测试只从这里取期望值。';
  if (name.endsWith('.test.ts'))
    return `测试：在 tfjs 的 cpu 与 wasm 后端上，把 ${name.replace('.test.ts', '.ts')} 的导出函数和 main() 的返回值与 reference.json 对照，并检查形状和张量泄漏。`;
  return '页面上可运行的代码，与测试运行的是同一个文件。';
}

/** Every file a reader may want to audit: snippets, their tests, reference scripts and data, the harness. */
export function verificationFiles(root = '.'): string[] {
  const dir = join(root, SNIPPETS_DIR);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const topic of readdirSync(dir).sort()) {
    if (topic.startsWith('.') || !statSync(join(dir, topic)).isDirectory()) continue;
    for (const f of readdirSync(join(dir, topic)).sort()) {
      if (/\.(ts|py|json)$/.test(f)) out.push(`${SNIPPETS_DIR}/${topic}/${f}`);
    }
  }
  return out;
}

export interface SnippetInfo {
  /** `topic/name`. */
  path: string;
  /** The exact file the tests run. */
  code: string;
  /**
   * The other snippets it imports, directly or through each other, each before the modules that
   * import it (the order the worker loads them in). Empty for a self-contained snippet.
   */
  modules: SnippetModule[];
  /** Short content hash of the code and its modules: the verified version in share links and saved edits. */
  version: string;
  /** Repo-relative paths shown in the verified badge. */
  testFile: string;
  referenceScript: string;
  referenceData: string;
  /** Tolerance recorded in the reference data, when present. */
  tolerance?: { atol?: number; rtol?: number };
  /** PyTorch version recorded in the reference data, when present. */
  torch?: string;
}

export function loadSnippet(path: string, root = '.'): SnippetInfo {
  const [topic, name] = path.split('/');
  const file = join(root, SNIPPETS_DIR, `${path}.ts`);
  if (!topic || !name || !existsSync(file)) {
    throw new Error(
      `<Runnable src>: snippet ${JSON.stringify(path)} not found; expected one of: ${snippetPaths(root).join(', ')}`,
    );
  }
  const code = readFileSync(file, 'utf8');
  const modules = importedModules(path, code, root);
  const hash = createHash('sha256').update(code);
  for (const m of modules) hash.update(`\0${m.path}\0${m.code}`);
  const refJson = join(root, SNIPPETS_DIR, topic, 'reference.json');
  const info: SnippetInfo = {
    path,
    code,
    modules,
    version: hash.digest('hex').slice(0, 10),
    testFile: `${SNIPPETS_DIR}/${topic}/${name}.test.ts`,
    referenceScript: `${SNIPPETS_DIR}/${topic}/reference.py`,
    referenceData: `${SNIPPETS_DIR}/${topic}/reference.json`,
  };
  if (existsSync(refJson)) {
    const ref = JSON.parse(readFileSync(refJson, 'utf8')) as { tolerance?: SnippetInfo['tolerance']; torch?: string };
    if (ref.tolerance) info.tolerance = ref.tolerance;
    if (ref.torch) info.torch = ref.torch;
  }
  return info;
}

/**
 * The snippets `path` imports, transitively, in dependency order (depth-first post-order). An
 * import of something that is not a snippet file, or a cycle, is a build error naming the file.
 */
export function importedModules(path: string, code: string, root = '.'): SnippetModule[] {
  const out: SnippetModule[] = [];
  const done = new Set<string>([path]);
  const visiting: string[] = [path];
  const visit = (from: string, source: string) => {
    for (const spec of relativeImports(source)) {
      const target = resolveSnippetImport(from, spec);
      const file = target && join(root, SNIPPETS_DIR, `${target}.ts`);
      if (!target || !file || !existsSync(file)) {
        throw new Error(
          `snippets/${from}.ts imports ${JSON.stringify(spec)}: a snippet may import only @tensorflow/tfjs and other snippet files by relative path with .ts (e.g. '../rope/rope.ts')`,
        );
      }
      if (visiting.includes(target))
        throw new Error(`snippets/${from}.ts: import cycle ${[...visiting, target].join(' -> ')}`);
      if (done.has(target)) continue;
      const targetCode = readFileSync(file, 'utf8');
      visiting.push(target);
      visit(target, targetCode);
      visiting.pop();
      done.add(target);
      out.push({ path: target, code: targetCode });
    }
  };
  visit(path, code);
  return out;
}
