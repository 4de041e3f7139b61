import * as tf from '@tensorflow/tfjs';

// 约束解码（constrained decoding）：每一步先问语法“下一步允许哪些 token”，把其余 token 的 logit 置 −∞，
// 再照常取 argmax 或采样。Outlines（Willard & Louf 2023）把正则/JSON Schema 编译成有限状态机，
// 预先算好每个状态允许的 token 集合；这里用一个手写的小状态机演示同一件事。

// 虚构的 12 词词表；'<eos>' 是结束符
export const VOCAB = ['{', '}', '"age"', ':', '1', '2', '8', '好的', '，', '年龄是', '岁', '<eos>'];
const id = (token: string) => VOCAB.indexOf(token);
const DIGITS = ['1', '2', '8'].map(id);

/**
 * 目标格式：{"age":N}，N 是 1 到 3 位数字，之后只能结束。
 * 状态 = 已经生成了格式的哪一部分；allowedTokens 返回该状态下合法的 token id。
 */
export type State = 'start' | 'key' | 'colon' | 'digit' | 'digits1' | 'digits2' | 'digits3' | 'close' | 'done';

export function allowedTokens(state: State): number[] {
  switch (state) {
    case 'start':
      return [id('{')];
    case 'key':
      return [id('"age"')];
    case 'colon':
      return [id(':')];
    case 'digit':
      return DIGITS; // 至少一位数字
    case 'digits1':
    case 'digits2':
      return [...DIGITS, id('}')]; // 可以再加一位，也可以收尾
    case 'digits3':
      return [id('}')]; // 最多 3 位
    case 'close':
    case 'done':
      return [id('<eos>')];
  }
}

/** 状态机的转移：在状态 state 生成 token 之后到达的状态（只对合法 token 调用）。 */
export function nextState(state: State, token: number): State {
  if (token === id('}')) return 'close';
  const after: Record<State, State> = {
    start: 'key',
    key: 'colon',
    colon: 'digit',
    digit: 'digits1',
    digits1: 'digits2',
    digits2: 'digits3',
    digits3: 'close',
    close: 'done',
    done: 'done',
  };
  return after[state];
}

/** 把不在 allowed 里的 token 的 logit 置 −∞。logits: [vocab] → [vocab] */
export function maskLogits(logits: tf.Tensor1D, allowed: number[]): tf.Tensor1D {
  return tf.tidy(() => {
    const isAllowed = tf.oneHot(tf.tensor1d(allowed, 'int32'), logits.shape[0]).sum(0).greater(0); // [vocab]
    return tf.where(isAllowed, logits, tf.fill([logits.shape[0]], -Infinity)) as tf.Tensor1D;
  });
}

/**
 * 一个假想的“语言模型”：下一个 token 的 logits 只取决于上一个 token（二元语法表，数值为示意）。
 * 它学到的习惯是先客套再回答：“好的，年龄是28岁”。行 = 上一个 token（最后一行是开头），列 = 下一个。
 */
export function bigramLogits(): tf.Tensor2D {
  const rows = VOCAB.length + 1; // 多一行：序列开头
  const table: number[][] = Array.from({ length: rows }, () => new Array<number>(VOCAB.length).fill(0));
  // 上一个 token → { 下一个 token: logit }，表里没写的 logit 为 0；'^' 表示序列开头
  const transitions: Record<string, Record<string, number>> = {
    '^': { 好的: 4, '{': 2.5, 年龄是: 1 },
    好的: { '，': 4 },
    '，': { 年龄是: 4, '{': 1 },
    年龄是: { '2': 4, '1': 2 },
    '{': { '"age"': 3, 好的: 1 },
    '"age"': { ':': 4 },
    ':': { 年龄是: 3.5, '2': 3 }, // 模型想接着说“年龄是”
    '1': { '8': 2 },
    '2': { '8': 4, 岁: 1, '}': 0.5 },
    '8': { 岁: 4, '}': 2, '8': 1 },
    岁: { '<eos>': 4, '，': 2 },
    '}': { '<eos>': 4, '，': 1 },
  };
  for (const [prev, row] of Object.entries(transitions)) {
    const r = table[prev === '^' ? VOCAB.length : id(prev)];
    for (const [next, value] of Object.entries(row)) if (r) r[id(next)] = value;
  }
  return tf.tensor2d(table);
}

/** 贪心解码 maxSteps 步（或到 <eos> 为止）；constrained 为 true 时每步先按状态机做掩码。返回 token id。 */
export async function greedyDecode(table: tf.Tensor2D, constrained: boolean, maxSteps = 10): Promise<number[]> {
  const out: number[] = [];
  let state: State = 'start';
  let prev = VOCAB.length; // 开头那一行
  for (let step = 0; step < maxSteps; step++) {
    const next = tf.tidy(() => {
      const logits = tf.gather(table, prev).reshape([VOCAB.length]) as tf.Tensor1D; // [vocab]
      return tf.argMax(constrained ? maskLogits(logits, allowedTokens(state)) : logits);
    });
    const token = (await next.data())[0] ?? 0;
    next.dispose();
    out.push(token);
    if (token === id('<eos>')) break;
    if (constrained) state = nextState(state, token);
    prev = token;
  }
  return out;
}

export async function main() {
  const table = bigramLogits();
  const free = await greedyDecode(table, false);
  const guided = await greedyDecode(table, true);
  const text = (ids: number[]) => ids.map((i) => VOCAB[i]).join('');
  console.log(`不加约束：${text(free)}`);
  console.log(`加约束：  ${text(guided)}`);

  // 第 4 步（已生成 {"age":）的下一步分布：掩码前后各一张
  const logits = tf.tidy(() => tf.gather(table, id(':')).reshape([VOCAB.length]) as tf.Tensor1D);
  const masked = maskLogits(logits, allowedTokens('digit'));
  const before = tf.softmax(logits);
  const after = tf.softmax(masked);
  const [pBefore, pAfter] = [await before.array(), await after.array()];
  tf.dispose([table, logits, masked, before, after]);
  console.log(
    `“:”之后：不加约束最可能的是“年龄是” ${pBefore[id('年龄是')]?.toFixed(3)}，“2” 只有 ${pBefore[id('2')]?.toFixed(3)}；`,
  );
  console.log(`掩码后只剩数字，重新归一化：P(2) = ${pAfter[id('2')]?.toFixed(3)}`);
  return {
    '“:”之后，掩码前': { labels: VOCAB, values: pBefore, xLabel: '下一个 token', yLabel: '概率' },
    '“:”之后，掩码后': { labels: VOCAB, values: pAfter, xLabel: '下一个 token', yLabel: '概率' },
  };
}
