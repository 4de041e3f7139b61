import { describe, expect, it } from 'vitest';
import { scanMdx, MdxScanError } from '../../src/lib/mdx-scan';
import { errataAnchor } from '../../src/lib/anchors';

const source = `
## 详解

文字 <Cite id="a2020" /> 和 <QLink to="rmsnorm" />，再次 <Cite id="a2020" />，然后 <Cite id="b2021" />。

$$
x^2
$$

<Runnable src="rope/rope" />

## 原文勘误

<Errata quote="原文第一句" fix="更正一">
解释 <QLink to="rope">自定义</QLink>。
</Errata>

<Errata quote="原文第二句" fix="更正二">解释。</Errata>
`;

describe('scanMdx', () => {
  it('collects errata, links, citations and snippets in first-use order', () => {
    const s = scanMdx(source);
    expect(s.cites).toEqual(['a2020', 'b2021']);
    expect(s.links).toEqual(['rmsnorm', 'rope']);
    expect(s.snippets).toEqual(['rope/rope']);
    expect(s.hasMath).toBe(true);
    expect(s.errata).toEqual([
      { anchor: errataAnchor('原文第一句'), quote: '原文第一句', fix: '更正一' },
      { anchor: errataAnchor('原文第二句'), quote: '原文第二句', fix: '更正二' },
    ]);
  });
  it('detects inline math and its absence', () => {
    expect(scanMdx('只有 $a$ 一个公式').hasMath).toBe(true);
    expect(scanMdx('没有公式，价格 5 元').hasMath).toBe(false);
  });
  it('fails with file and line when a required attribute is missing', () => {
    expect(() => scanMdx('text\n\n<Errata fix="x">y</Errata>', 'content/questions/x.mdx')).toThrow(MdxScanError);
    expect(() => scanMdx('text\n\n<Errata fix="x">y</Errata>', 'content/questions/x.mdx')).toThrow(
      'content/questions/x.mdx:3: <Errata> needs a string "quote" attribute',
    );
  });
});

describe('errataAnchor', () => {
  it('is stable, distinct for distinct quotes and a valid id', () => {
    expect(errataAnchor('甲')).toBe(errataAnchor('甲'));
    expect(errataAnchor('甲')).not.toBe(errataAnchor('乙'));
    expect(errataAnchor('任何文字')).toMatch(/^errata-[0-9a-z]+$/);
  });
});
