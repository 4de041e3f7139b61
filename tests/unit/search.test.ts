import { describe, expect, it } from 'vitest';
import { isRelevant } from '../../src/scripts/search';

describe('isRelevant', () => {
  it('keeps results whose highlight covers at least half the query', () => {
    expect(isRelevant('RoPE', ['旋转位置编码（<mark>RoPE</mark>）'])).toBe(true);
    expect(isRelevant('量子计算', ['并行<mark>计算</mark>'])).toBe(true);
    expect(isRelevant('复读机', ['', '<mark>复读机</mark>问题'])).toBe(true); // a sub-result counts too
    expect(isRelevant('q', ['<mark>q</mark>uery'])).toBe(true);
  });
  it('drops prefix and single-character accidents', () => {
    expect(isRelevant('qwxzzkj', ['把 <mark>q</mark>uery 和 key'])).toBe(false);
    expect(isRelevant('xyz', ['<mark>x</mark> 的均方根'])).toBe(false);
    expect(isRelevant('asdfgh', ['<mark>a</mark>_i'])).toBe(false);
    expect(isRelevant('温度', ['没有高亮的摘要'])).toBe(false);
  });
});
