import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { joinCjkLines, remarkCjkSoftBreaks } from '../../src/plugins/remark-cjk-soft-breaks';

describe('joinCjkLines', () => {
  it('drops a break between CJK characters and keeps one next to a Latin word', () => {
    expect(joinCjkLines('旋转\n位置编码')).toBe('旋转位置编码');
    expect(joinCjkLines('使用 RoPE\n的模型')).toBe('使用 RoPE\n的模型');
    expect(joinCjkLines('rotary\nposition')).toBe('rotary\nposition');
    expect(joinCjkLines('中文，\n  缩进的续行')).toBe('中文，缩进的续行');
  });
  it('judges a break at a text-node edge by the text side', () => {
    expect(joinCjkLines('\n中文')).toBe('中文');
    expect(joinCjkLines('中文\n')).toBe('中文');
    expect(joinCjkLines('\nlatin')).toBe('\nlatin');
  });
});

describe('remarkCjkSoftBreaks (fixture)', () => {
  it('renders the input fixture to the expected HTML', async () => {
    const dir = new URL('./fixtures/', import.meta.url);
    const input = readFileSync(new URL('cjk-soft-breaks.input.md', dir), 'utf8');
    const expected = readFileSync(new URL('cjk-soft-breaks.expected.html', dir), 'utf8');
    const html = String(
      await unified().use(remarkParse).use(remarkCjkSoftBreaks).use(remarkRehype).use(rehypeStringify).process(input),
    );
    expect(html.trim()).toBe(expected.trim());
  });
});
