import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { Taxonomy } from '../core/types.ts';

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

const PipelineSchema = z.object({
  id: Id,
  title: z.string().min(1),
  deadline: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  taxonomy: z.string().default('taxonomy.yaml'),
  reviewThreshold: z.number().min(0).max(1).default(0.6),
  /** Automatic retraining (a `train` job in a worker) after this many new reviewer tags; absent: only on request. */
  retrain: z
    .object({ afterCorrections: z.number().int().min(1, 'retrain.afterCorrections: at least 1 correction') })
    .optional(),
});

export interface Pipeline {
  id: string;
  title: string;
  deadline: string;
  reviewThreshold: number;
  retrain?: { afterCorrections: number };
  taxonomy: Taxonomy;
  dir: string;
}

async function readYaml(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`Cannot read ${file}: does the pipeline exist?`, { cause });
  }
  try {
    return parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`${file} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`${file} is invalid:\n${lines.join('\n')}`);
}

/** Loads pipelines/<id>/pipeline.yaml and its taxonomy; fails naming the file and the bad field. */
export async function loadPipeline(pipelinesDir: string, id: string): Promise<Pipeline> {
  const dir = path.resolve(pipelinesDir, id);
  const pipelineFile = path.join(dir, 'pipeline.yaml');
  const def = validate(PipelineSchema, await readYaml(pipelineFile), pipelineFile);
  if (def.id !== id) throw new ConfigError(`${pipelineFile}: id "${def.id}" does not match its folder "${id}"`);
  const taxonomyFile = path.join(dir, def.taxonomy);
  const taxonomy = validate(TaxonomySchema, await readYaml(taxonomyFile), taxonomyFile);
  return {
    id,
    title: def.title,
    deadline: def.deadline,
    reviewThreshold: def.reviewThreshold,
    ...(def.retrain ? { retrain: def.retrain } : {}),
    taxonomy,
    dir,
  };
}
