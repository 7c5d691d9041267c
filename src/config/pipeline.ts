import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { Taxonomy } from '../core/types.ts';
import { MailboxSchema, toMailboxConfig, type MailboxConfig } from './mailbox.ts';
import { readYamlFile, validateConfig } from './read-yaml-file.ts';

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_"');

const TaxonomySchema = z
  .object({
    id: Id,
    title: z.string().min(1),
    deadline: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
    groups: z
      .array(
        z.object({
          id: Id,
          label: z.string().min(1),
          number: z.union([z.number(), z.string()]).transform(String).optional(),
          aliases: z.array(z.string().min(1)).default([]),
        }),
      )
      .min(1),
    items: z
      .array(
        z.object({
          id: Id,
          group: Id,
          number: z.union([z.number(), z.string()]),
          label: z.string().min(1),
          description: z.string().default(''),
          keywords: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
        }),
      )
      .min(1),
    topics: z
      .array(z.object({ id: Id, label: z.string().min(1), keywords: z.array(z.string()).default([]) }))
      .default([]),
    stances: z
      .array(z.object({ id: Id, label: z.string().min(1), cues: z.array(z.string().min(1)).default([]) }))
      .min(1),
    /** Retired ids and what replaced them (renumbered or merged items), so reviewer tags follow a taxonomy change. */
    renamed: z.record(Id, Id).default({}),
  })
  .superRefine((t, ctx) => {
    const labels = new Set([...t.items, ...t.topics, ...t.stances].map((x) => x.id));
    for (const [from, to] of Object.entries(t.renamed)) {
      if (!labels.has(to))
        ctx.addIssue({
          code: 'custom',
          path: ['renamed', from],
          message: `"${to}" is not an item, topic or stance of this taxonomy`,
        });
      if (labels.has(from))
        ctx.addIssue({
          code: 'custom',
          path: ['renamed', from],
          message: `"${from}" is still in use; only retired ids can be renamed`,
        });
    }
    const groups = new Set(t.groups.map((g) => g.id));
    const seen = new Set<string>();
    t.items.forEach((item, i) => {
      if (!groups.has(item.group))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'group'], message: `unknown group "${item.group}"` });
      const key = `${item.group}#${item.number}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'number'],
          message: `duplicate number ${item.number} in group ${item.group}`,
        });
      seen.add(key);
    });
  });

/** pipelines/<id>/pipeline.yaml: the one schema of the file, its mailbox section included. */
const PipelineSchema = z.object({
  id: Id,
  title: z.string().min(1),
  deadline: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  taxonomy: z.string().default('taxonomy.yaml'),
  reviewThreshold: z.number().min(0).max(1).default(0.6),
  /** The IMAP folder that feeds the pipeline (docs/imap.md); absent when mail comes in by `ruecklauf ingest` only. */
  mailbox: MailboxSchema.nullish(),
});

/** What pipeline.yaml says, validated, without the taxonomy it points at. */
export interface PipelineFile {
  id: string;
  title: string;
  deadline: string;
  reviewThreshold: number;
  /** Absolute path of the taxonomy file. */
  taxonomyFile: string;
  mailbox: MailboxConfig | null;
  dir: string;
}

export interface Pipeline extends Omit<PipelineFile, 'taxonomyFile'> {
  taxonomy: Taxonomy;
}

/** Reads and validates pipelines/<id>/pipeline.yaml; fails naming the file and every bad field. */
export async function readPipelineFile(pipelinesDir: string, id: string): Promise<PipelineFile> {
  const dir = path.resolve(pipelinesDir, id);
  const file = path.join(dir, 'pipeline.yaml');
  const def = validateConfig(PipelineSchema, await readYamlFile(file), file);
  if (def.id !== id) throw new ConfigError(`${file}: id "${def.id}" does not match its folder "${id}"`);
  return {
    id,
    title: def.title,
    deadline: def.deadline,
    reviewThreshold: def.reviewThreshold,
    taxonomyFile: path.join(dir, def.taxonomy),
    mailbox: def.mailbox ? toMailboxConfig(def.mailbox, id, file) : null,
    dir,
  };
}

/** Loads pipelines/<id>/pipeline.yaml and its taxonomy; fails naming the file and the bad field. */
export async function loadPipeline(pipelinesDir: string, id: string): Promise<Pipeline> {
  const { taxonomyFile, ...def } = await readPipelineFile(pipelinesDir, id);
  const taxonomy = validateConfig(TaxonomySchema, await readYamlFile(taxonomyFile), taxonomyFile);
  return { ...def, taxonomy };
}

/** The `mailbox:` section of pipelines/<id>/pipeline.yaml; null when the pipeline has none. */
export async function loadMailboxConfig(pipelinesDir: string, id: string): Promise<MailboxConfig | null> {
  return (await readPipelineFile(pipelinesDir, id)).mailbox;
}
