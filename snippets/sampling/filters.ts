import * as tf from '@tensorflow/tfjs';
import { applyTemperature, minPFilter, topKFilter, topPFilter } from './sampling.ts';

// 同一个下一步分布，分别经过温度、top-k、top-p、min-p。
// 顺序同 Hugging Face 的 _get_logits_processor 和 vLLM 的 Sampler：先除以温度，再截断；
// 截断后剩下的 logit 做 softmax，就是实际采样用的分布（被截掉的 token 概率恰为 0）。
export async function main() {
  // 续写“我最喜欢的水果是”的下一个 token（12 个词的虚构词表，logits 为示意）
  const tokens = ['苹果', '香蕉', '西瓜', '草莓', '葡萄', '芒果', '橘子', '榴莲', '桃子', '的', '。', '<eos>'];
  const logits = tf.tensor1d([2.6, 2.1, 1.7, 1.4, 1.2, 0.9, 0.5, 0.0, -0.3, -1.2, -1.8, -2.5]);

  const hot = applyTemperature(logits, 1.5); // 高温：先升温，再截断
  const variants: Record<string, tf.Tensor1D> = {
    'T=1': logits,
    'T=0.7': applyTemperature(logits, 0.7),
    'top-k=3': topKFilter(logits, 3),
    'top-p=0.9': topPFilter(logits, 0.9),
    'min-p=0.1': minPFilter(logits, 0.1),
    'T=1.5, top-p=0.9': topPFilter(hot, 0.9),
    'T=1.5, min-p=0.1': minPFilter(hot, 0.1),
  };
  hot.dispose();

  const probs: Record<string, number[]> = {};
  for (const [name, z] of Object.entries(variants)) {
    const p = tf.softmax(z); // −∞ 的位置概率为 0，其余重新归一化
    probs[name] = await p.array();
    tf.dispose([p, z]); // z 为 'T=1' 时即 logits 本身
  }

  // 每种设置：留下几个 token，第一名“苹果”的概率是多少
  for (const [name, p] of Object.entries(probs)) {
    const kept = p.filter((x) => x > 0).length;
    console.log(`${name.padEnd(17)} 留下 ${String(kept).padStart(2)} 个 token，P(苹果) = ${p[0]?.toFixed(4)}`);
  }
  // 返回普通对象：labels 是 token，values 是概率；网页画成柱状图
  return Object.fromEntries(
    Object.entries(probs).map(([name, p]) => [
      name,
      { labels: tokens, values: p, xLabel: '下一个 token', yLabel: '概率' },
    ]),
  );
}
