import { defineCollection } from 'astro:content';
import { glob, file } from 'astro/loaders';
import { z } from 'astro/zod';
import { SECTION_IDS } from './lib/sections';
import { questionSlugs, referenceIds, oneOfMessage } from './lib/content-ids';

const slugs = questionSlugs();
const refIds = referenceIds();

/** A string that must be one of `choices`; the error names the bad value and every valid one. */
const oneOf = (choices: string[], what: string) =>
  z.string().refine((v) => choices.includes(v), {
    error: (issue) => `dead ${what} id: ${oneOfMessage(issue.input, choices)}`,
  });

const questions = defineCollection({
  loader: glob({ base: './content/questions', pattern: '**/*.mdx' }),
  schema: z.strictObject({
    /** The question as a reader would ask it, in Chinese (the page's h1). */
    title: z.string().min(4),
    /** The question's number (1-54) in the original text; unique across pages. */
    seq: z.number().int().min(1).max(54),
    /** Section id, one of `SECTIONS` in src/lib/sections.ts. */
    section: z.enum(SECTION_IDS, {
      error: (issue) => `unknown section: ${oneOfMessage(issue.input, SECTION_IDS)}`,
    }),
    /** Position inside its section; reading order is section order, then this. */
    order: z.number().int().min(0),
    /** 简答: the one-to-three sentence answer an interviewer wants to hear first (plain text). */
    summary: z.string().min(20).max(400),
    /** Search and display tags: English terms and Chinese synonyms readers type (RoPE, 旋转位置编码). */
    tags: z.array(z.string().min(1)).default([]),
    /** Slugs of other questions to list under 相关问题 (file names in content/questions without .mdx). */
    related: z.array(oneOf(slugs, 'related question')).default([]),
    /** Bibliography ids from content/references.yaml, in the order the page's <Cite> numbers them. */
    refs: z.array(oneOf(refIds, 'reference')).default([]),
    /** Date of the last substantive revision (YYYY-MM-DD). */
    updated: z.coerce.date(),
    /** Drafts are built in dev only and never listed. */
    draft: z.boolean().default(false),
  }),
});

const references = defineCollection({
  loader: file('content/references.yaml'),
  schema: z
    .strictObject({
      /** Stable id that pages cite, e.g. `su2021roformer`. */
      id: z.string().regex(/^[a-z0-9-]+$/),
      /** Title as published. */
      title: z.string(),
      /** Authors as published ("Jianlin Su", ...); long lists may end with "et al.". */
      authors: z.array(z.string()).min(1),
      /** Year of first public version. */
      year: z.number().int().min(1950).max(2100),
      /** Venue or kind of document (NeurIPS 2019, arXiv preprint, technical report, model card). */
      venue: z.string(),
      /** arXiv id without prefix, e.g. 2104.09864. */
      arxiv: z.string().regex(/^\d{4}\.\d{4,5}$/).optional(),
      /** Canonical URL when there is no arXiv id (or in addition to it). */
      url: z.url().optional(),
    })
    .refine((r) => r.arxiv || r.url, { error: 'needs an arxiv id or a url' }),
});

export const collections = { questions, references };
