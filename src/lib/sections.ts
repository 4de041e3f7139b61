/**
 * The site's sections, in reading order. Each lists the numbers (1-54) of the original text's
 * questions that belong to it, so a page's `section` can be checked against its `seq`.
 */
export interface Section {
  /** Stable ASCII id, used in URLs (`/s/<id>/`) and in frontmatter. */
  id: string;
  /** Display title in Chinese. */
  title: string;
  /** One line that says what the section covers. */
  blurb: string;
  /** Original question numbers that belong here. */
  seqs: readonly number[];
}

export const SECTIONS = [
  {
    id: 'foundations',
    title: '基础与模型体系',
    blurb: '主流模型家族、Prefix LM 与 Causal LM、涌现、推理能力。',
    seqs: [1, 2, 3, 4, 9, 10, 15],
  },
  {
    id: 'decoding',
    title: '生成与解码',
    blurb: '复读机问题、采样参数（温度、top-k、top-p、重复惩罚）。',
    seqs: [5, 6, 7, 16],
  },
  { id: 'long-context', title: '长上下文', blurb: '输入长度的真实上限、长度外推与长文本处理。', seqs: [8, 11, 36, 37] },
  {
    id: 'efficiency',
    title: '推理效率与显存',
    blurb: 'KV cache、显存占用、量化与省显存的训练推理方法。',
    seqs: [12, 13, 14, 17],
  },
  {
    id: 'applications',
    title: '应用、评测与数据',
    blurb: '输出合规、应用模式、评测、领域知识注入与数据重复。',
    seqs: [18, 19, 20, 28, 29, 30],
  },
  {
    id: 'alignment',
    title: '对齐与 RLHF',
    blurb: '诚实性、奖励模型、RLHF 的代价与替代方案。',
    seqs: [21, 22, 23, 24, 25, 26, 27],
  },
  {
    id: 'position',
    title: '位置编码',
    blurb: '绝对、相对位置编码，RoPE 与 ALiBi。',
    seqs: [31, 32, 33, 34, 35, 38, 39, 40],
  },
  {
    id: 'normalization',
    title: '归一化',
    blurb: 'LayerNorm、RMSNorm、DeepNorm 与 Pre-LN / Post-LN。',
    seqs: [41, 42, 43, 44, 45, 46, 47, 48],
  },
  {
    id: 'ffn',
    title: 'FFN 与激活函数',
    blurb: 'FFN、GELU、Swish 与 GLU 家族（GeGLU、SwiGLU）。',
    seqs: [49, 50, 51, 52, 53, 54],
  },
] as const satisfies readonly Section[];

export type SectionId = (typeof SECTIONS)[number]['id'];

export const SECTION_IDS = SECTIONS.map((s) => s.id) as [SectionId, ...SectionId[]];

/** The section a question number belongs to, or undefined when the number is out of range. */
export function sectionOfSeq(seq: number): Section | undefined {
  return SECTIONS.find((s) => (s.seqs as readonly number[]).includes(seq));
}

export function sectionById(id: string): Section | undefined {
  return SECTIONS.find((s) => s.id === id);
}
