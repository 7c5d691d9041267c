/**
 * Checks a pipeline's labelled training corpus (training/train.jsonl and training/dev.jsonl) against its taxonomy:
 * shape of every line, known item/topic/stance ids, no duplicate ids or texts (a text in both splits would leak
 * dev into training), boilerplate without items, and no content passage without any label. Prints counts per
 * label and split; exits non-zero when anything is wrong.
 *
 *   npx tsx scripts/check-corpus.ts [--pipeline rueckfuehrung-2024] [--pipelines-dir pipelines]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadPipeline } from '../src/config/pipeline.ts';
import type { Taxonomy } from '../src/core/types.ts';

export type Split = 'train' | 'dev';

/** The id prefix each split's lines must carry ("tr-0001", "dev-0001"). */
const ID_PREFIX: Record<Split, string> = { train: 'tr', dev: 'dev' };

const CorpusLineSchema = z.strictObject({
  id: z.string().regex(/^[a-z]+-\d{4,}$/, 'must look like "tr-0001" or "dev-0001"'),
  text: z.string().refine((t) => t.trim().length > 0, 'must not be blank'),
  items: z.array(z.string()),
  topics: z.array(z.string()),
  stance: z.string(),
  boilerplate: z.boolean(),
});
export type CorpusLine = z.infer<typeof CorpusLineSchema>;

export interface CorpusFile {
  split: Split;
  /** Shown in messages only. */
  name: string;
  content: string;
}

export interface CorpusIssue {
  file: string;
  line: number;
  message: string;
}

export interface LabelCounts {
  passages: number;
  boilerplate: number;
  /** No items, tagged with the Fehlanzeige topic. */
  fehlanzeige: number;
  /** Two or more items. */
  multiItem: number;
  items: Record<string, number>;
  topics: Record<string, number>;
  stances: Record<string, number>;
}

export interface CorpusReport {
  errors: CorpusIssue[];
  counts: Record<Split, LabelCounts>;
  total: LabelCounts;
}

export interface CorpusRules {
  /** Topic id meaning "keine Anmerkungen / nicht zuständig": allowed without items, requires the neutral stance. */
  fehlanzeigeTopic: string;
  /** Stance id for formalities, boilerplate and Fehlanzeige. */
  neutralStance: string;
}

export const DEFAULT_RULES: CorpusRules = { fehlanzeigeTopic: 'X-FEHLANZEIGE', neutralStance: 'neutral' };

export interface CorpusMinimums {
  passages: number;
  perItem: number;
  perTopic: number;
  perStance: number;
  perItemInDev: number;
}

/** The bars set for the rueckfuehrung-2024 corpus (issue 5). */
export const DEFAULT_MINIMUMS: CorpusMinimums = {
  passages: 450,
  perItem: 6,
  perTopic: 10,
  perStance: 40,
  perItemInDev: 1,
};

function emptyCounts(taxonomy: Taxonomy): LabelCounts {
  const zeros = (ids: string[]): Record<string, number> => Object.fromEntries(ids.map((id) => [id, 0]));
  return {
    passages: 0,
    boilerplate: 0,
    fehlanzeige: 0,
    multiItem: 0,
    items: zeros(taxonomy.items.map((i) => i.id)),
    topics: zeros(taxonomy.topics.map((t) => t.id)),
    stances: zeros(taxonomy.stances.map((s) => s.id)),
  };
}

function addToCounts(counts: LabelCounts, line: CorpusLine, rules: CorpusRules): void {
  counts.passages += 1;
  if (line.boilerplate) counts.boilerplate += 1;
  if (line.items.length === 0 && line.topics.includes(rules.fehlanzeigeTopic)) counts.fehlanzeige += 1;
  if (line.items.length > 1) counts.multiItem += 1;
  for (const id of line.items) counts.items[id] = (counts.items[id] ?? 0) + 1;
  for (const id of line.topics) counts.topics[id] = (counts.topics[id] ?? 0) + 1;
  counts.stances[line.stance] = (counts.stances[line.stance] ?? 0) + 1;
}

/** Whitespace- and case-insensitive, so a copy with a changed line break still counts as a duplicate. */
function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function findDuplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((v) => (seen.has(v) ? true : (seen.add(v), false))))];
}

/** Label problems of one well-formed line, as messages. */
function checkLabels(line: CorpusLine, split: Split, taxonomy: Taxonomy, rules: CorpusRules): string[] {
  const problems: string[] = [];
  const itemIds = new Set(taxonomy.items.map((i) => i.id));
  const topicIds = new Set(taxonomy.topics.map((t) => t.id));
  const stanceIds = new Set(taxonomy.stances.map((s) => s.id));
  if (!line.id.startsWith(`${ID_PREFIX[split]}-`))
    problems.push(`id "${line.id}" must start with "${ID_PREFIX[split]}-" in the ${split} split`);
  for (const id of line.items) if (!itemIds.has(id)) problems.push(`unknown item "${id}"`);
  for (const id of line.topics) if (!topicIds.has(id)) problems.push(`unknown topic "${id}"`);
  if (!stanceIds.has(line.stance)) problems.push(`unknown stance "${line.stance}"`);
  for (const id of findDuplicates(line.items)) problems.push(`item "${id}" listed twice`);
  for (const id of findDuplicates(line.topics)) problems.push(`topic "${id}" listed twice`);
  if (line.boilerplate) {
    if (line.items.length > 0 || line.topics.length > 0) problems.push('boilerplate must have no items and no topics');
    if (line.stance !== rules.neutralStance) problems.push(`boilerplate must have stance "${rules.neutralStance}"`);
  } else if (line.items.length === 0 && line.topics.length === 0) {
    problems.push('content passage has no items and no topics: label it, or mark it boilerplate or Fehlanzeige');
  }
  const isFehlanzeige = line.items.length === 0 && line.topics.includes(rules.fehlanzeigeTopic);
  if (isFehlanzeige && line.stance !== rules.neutralStance)
    problems.push(`Fehlanzeige must have stance "${rules.neutralStance}"`);
  return problems;
}

function parseLine(raw: string): { ok: true; line: CorpusLine } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    return { ok: false, message: `not valid JSON: ${(cause as Error).message}` };
  }
  const parsed = CorpusLineSchema.safeParse(json);
  if (parsed.success) return { ok: true, line: parsed.data };
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
  return { ok: false, message: detail };
}

/** Validates every line of every file and counts labels per split. Pure: values in, report out. */
export function checkCorpus(taxonomy: Taxonomy, files: CorpusFile[], rules: CorpusRules = DEFAULT_RULES): CorpusReport {
  const errors: CorpusIssue[] = [];
  const counts: Record<Split, LabelCounts> = { train: emptyCounts(taxonomy), dev: emptyCounts(taxonomy) };
  const total = emptyCounts(taxonomy);
  const idsSeen = new Map<string, string>();
  const textsSeen = new Map<string, string>();
  for (const file of files) {
    file.content.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      const at = { file: file.name, line: index + 1 };
      const parsed = parseLine(raw);
      if (!parsed.ok) {
        errors.push({ ...at, message: parsed.message });
        return;
      }
      const { line } = parsed;
      for (const message of checkLabels(line, file.split, taxonomy, rules)) errors.push({ ...at, message });
      const where = `${file.name}:${at.line}`;
      const firstId = idsSeen.get(line.id);
      if (firstId) errors.push({ ...at, message: `duplicate id "${line.id}" (first at ${firstId})` });
      else idsSeen.set(line.id, where);
      const key = normaliseText(line.text);
      const firstText = textsSeen.get(key);
      if (firstText) errors.push({ ...at, message: `duplicate text of ${firstText}` });
      else textsSeen.set(key, where);
      addToCounts(counts[file.split], line, rules);
      addToCounts(total, line, rules);
    });
  }
  return { errors, counts, total };
}

/** Messages for every minimum the corpus falls short of; empty when all bars are met. */
export function findShortfalls(report: CorpusReport, minimums: CorpusMinimums = DEFAULT_MINIMUMS): string[] {
  const shortfalls: string[] = [];
  const { total, counts } = report;
  if (total.passages < minimums.passages) shortfalls.push(`${total.passages} passages, need ${minimums.passages}`);
  const below = (kind: string, tally: Record<string, number>, min: number, scope: string): void => {
    for (const [id, n] of Object.entries(tally))
      if (n < min) shortfalls.push(`${kind} ${id}: ${n} ${scope}, need ${min}`);
  };
  below('item', total.items, minimums.perItem, 'passages');
  below('topic', total.topics, minimums.perTopic, 'passages');
  below('stance', total.stances, minimums.perStance, 'passages');
  below('item', counts.dev.items, minimums.perItemInDev, 'in dev');
  return shortfalls;
}

/** A plain-text table: one row per label, columns train, dev, total. */
export function formatCounts(report: CorpusReport): string {
  const { train, dev } = report.counts;
  const total = report.total;
  const rows: Array<[string, number, number, number]> = [
    ['passages', train.passages, dev.passages, total.passages],
    ['boilerplate', train.boilerplate, dev.boilerplate, total.boilerplate],
    ['fehlanzeige (no items)', train.fehlanzeige, dev.fehlanzeige, total.fehlanzeige],
    ['multi-item', train.multiItem, dev.multiItem, total.multiItem],
  ];
  const section = (prefix: string, key: 'items' | 'topics' | 'stances'): void => {
    for (const id of Object.keys(total[key]))
      rows.push([`${prefix}${id}`, train[key][id] ?? 0, dev[key][id] ?? 0, total[key][id] ?? 0]);
  };
  section('item ', 'items');
  section('topic ', 'topics');
  section('stance ', 'stances');
  const width = Math.max(...rows.map((r) => r[0].length));
  const header = `${'label'.padEnd(width)}  ${'train'.padStart(5)}  ${'dev'.padStart(5)}  ${'total'.padStart(5)}`;
  const body = rows.map(
    ([label, a, b, c]) =>
      `${label.padEnd(width)}  ${String(a).padStart(5)}  ${String(b).padStart(5)}  ${String(c).padStart(5)}`,
  );
  return [header, ...body].join('\n');
}

/** Reads a pipeline's taxonomy and both corpus files from disk. */
export async function readCorpus(
  pipelinesDir: string,
  pipelineId: string,
): Promise<{ taxonomy: Taxonomy; files: CorpusFile[] }> {
  const pipeline = await loadPipeline(pipelinesDir, pipelineId);
  const read = async (split: Split, file: string): Promise<CorpusFile> => {
    const full = path.join(pipeline.dir, 'training', file);
    return { split, name: path.relative(process.cwd(), full), content: await readFile(full, 'utf8') };
  };
  return { taxonomy: pipeline.taxonomy, files: [await read('train', 'train.jsonl'), await read('dev', 'dev.jsonl')] };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
      'pipelines-dir': { type: 'string', default: 'pipelines' },
    },
  });
  const { taxonomy, files } = await readCorpus(values['pipelines-dir'], values.pipeline);
  const report = checkCorpus(taxonomy, files);
  const shortfalls = findShortfalls(report);
  console.log(formatCounts(report));
  for (const e of report.errors) console.error(`${e.file}:${e.line}: ${e.message}`);
  for (const s of shortfalls) console.error(`below minimum: ${s}`);
  const problems = report.errors.length + shortfalls.length;
  console.log(problems === 0 ? 'corpus OK' : `${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

// Run only when executed directly (npx tsx scripts/check-corpus.ts), not when imported by the test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(2);
    },
  );
}
