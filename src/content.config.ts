import { defineCollection } from 'astro:content';
import { glob, file } from 'astro/loaders';
import { z } from 'astro/zod';
import { SECTION_IDS } from './lib/sections';
import { oneOfMessage } from './lib/integrity';

// The schemas check each field's shape only. Whether an id points at something that exists (a
// related page, a bibliography entry, a snippet, a figure) is decided by the one integrity pass in
// src/lib/integrity.ts, run by src/lib/site.ts on every build and dev request: a list of ids read
// here would be read once when this module loads, and `astro dev` would reject a page added later.
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'a question slug is ASCII kebab-case, e.g. "rope"' });
const refId = z.string().regex(/^[a-z0-9-]+$/, { error: 'a bibliography id is lower-case ASCII, digits and "-"' });

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
    /** Position inside its section: the rank (from 1) of `seq` in the section's numbers (checked). */
    order: z.number().int().min(1),
    /** 简答: the one-to-three sentence answer an interviewer wants to hear first (plain text; `$…$` is rendered as math). */
    summary: z.string().min(20).max(400),
    /** Search and display tags: English terms and Chinese synonyms readers type (RoPE, 旋转位置编码). */
    tags: z.array(z.union([z.string().min(1), z.number().transform(String)])).default([]), // 11008 is a tag too
    /**
     * The names this page is THE answer for (RMSNorm, 均方根归一化): a search for one ranks this page
     * first. Only what the page owns; a term it shares with its neighbours belongs in `tags`.
     */
    aliases: z.array(z.union([z.string().min(1), z.number().transform(String)])).default([]),
    /** Slugs of other questions to list under 相关问题 (file names in content/questions without .mdx). */
    related: z.array(slug).default([]),
    /** Bibliography ids from content/references.yaml, in the order the page's <Cite> numbers them. */
    refs: z.array(refId).default([]),
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
      arxiv: z
        .string()
        .regex(/^\d{4}\.\d{4,5}$/)
        .optional(),
      /** Canonical URL when there is no arXiv id (or in addition to it). */
      url: z.url().optional(),
    })
    .refine((r) => r.arxiv || r.url, { error: 'needs an arxiv id or a url' }),
});

export const collections = { questions, references };
