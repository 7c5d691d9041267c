/**
 * The import experiment of issue 17: does importing about 150 labelled passages written in other registers make the
 * model better on held-out passages of the same kinds?
 *
 * The foreign corpus is `pipelines/<id>/registers/*.jsonl` (README there). One whole register (`--heldout-register`,
 * default `table`) trains nothing. Of every other register a seeded share (by a hash of the passage id, so adding a
 * passage moves no other) is imported — read and checked by `labels import`'s own reader (`readLabelFile`) and
 * trained exactly as `ruecklauf train` trains imported lines (after the corpus, counted as reviewer examples, the
 * reviewer weight chosen in cross-validation) — and the rest is held out. Prints items/topics micro-F1 and stance
 * accuracy of the files-only model and of the model with the imports on: the held-out passages of the imported
 * kinds, the held-out register, the held-out writers (`heldout/writers.jsonl`) and dev.
 *
 *   npm run eval:import [-- --import 150 --seed 17 --heldout-register table --weights 1,3,10 --write DIR]
 *     [--topic-cuts all|reviewers] [--files-only]
 *
 * `--weights` fixes the reviewer weights cross-validation chooses from; `--topic-cuts reviewers` chooses the topic
 * cut-off on the held-out imported examples alone (both: designs tried for the topics target); `--files-only` scores
 * the files model alone on every register (feature screening).
 *
 * `--write DIR` also writes the split (import.jsonl, heldout.jsonl, register.jsonl), so the same experiment can be
 * run through the database: `ruecklauf labels import --pipeline ID DIR/import.jsonl`, `ruecklauf train`, `ruecklauf
 * eval --gold DIR/heldout.jsonl --model latest --no-memory`.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Pipeline } from '../src/config/pipeline.ts';
import { loadPipeline } from '../src/config/pipeline.ts';
import type { ClassifierModel } from '../src/core/classifier-model.ts';
import { sha256Hex } from '../src/core/ids.ts';
import { FEATURE_VERSION } from '../src/classify/features.ts';
import { classifyTexts } from '../src/classify/classify-texts.ts';
import { evaluate } from '../src/classify/evaluate.ts';
import { predictorFor } from '../src/classify/model/predict.ts';
import { describeCutOffs } from '../src/classify/model/recalibrate.ts';
import { describeWeights } from '../src/classify/model/reviewer-weight.ts';
import { trainClassifierModel } from '../src/classify/model/train-model.ts';
import { LabelledLine, type TrainingExample } from '../src/classify/training-example.ts';
import { readLabelFile } from '../src/labels/read-label-file.ts';
import { resultFromFiles } from '../src/training/model-source.ts';
import { readLabelledFile } from '../src/training/read-labelled-file.ts';
import { readCorpusExamples } from '../src/training/train-pipeline-model.ts';

export interface RegisterLine extends LabelledLine {
  register: string;
}

export interface ImportSplit {
  imported: RegisterLine[];
  heldOut: RegisterLine[];
  heldOutRegister: RegisterLine[];
}

/** Every register file of the pipeline (`registers/*.jsonl`), its lines tagged with the register (the file name). */
export async function readRegisters(pipeline: Pick<Pipeline, 'dir'>): Promise<RegisterLine[]> {
  const dir = path.join(pipeline.dir, 'registers');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  const out: RegisterLine[] = [];
  for (const f of files) {
    const lines = await readLabelledFile(path.join(dir, f));
    for (const l of lines) out.push({ ...l, register: f.replace(/\.jsonl$/, '') });
  }
  return out;
}

/**
 * Deterministic split: the held-out register whole; of each other register the passages with the smallest
 * hash(seed, id), in proportion to its size so that about `importCount` are imported in all, the rest held out.
 */
export function splitRegisters(
  lines: readonly RegisterLine[],
  heldOutRegister: string,
  importCount: number,
  seed: number,
): ImportSplit {
  const others = lines.filter((l) => l.register !== heldOutRegister);
  const share = others.length === 0 ? 0 : Math.min(1, importCount / others.length);
  const imported: RegisterLine[] = [];
  const heldOut: RegisterLine[] = [];
  const registers = [...new Set(others.map((l) => l.register))];
  for (const r of registers) {
    const ofRegister = others
      .filter((l) => l.register === r)
      .map((l) => ({ l, key: sha256Hex(`${seed}\u0000${l.id}`) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const take = Math.round(ofRegister.length * share);
    ofRegister.forEach(({ l }, i) => (i < take ? imported : heldOut).push(l));
  }
  const byId = (a: RegisterLine, b: RegisterLine) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    imported: imported.sort(byId),
    heldOut: heldOut.sort(byId),
    heldOutRegister: lines.filter((l) => l.register === heldOutRegister),
  };
}

export const toJsonl = (lines: readonly LabelledLine[]): string =>
  lines
    .map(({ id, text, items, topics, stance, boilerplate }) =>
      JSON.stringify({ id, text, items, topics, stance, ...(boilerplate ? { boilerplate } : {}) }),
    )
    .join('\n') + '\n';

/** The imported lines as `ruecklauf train` sees them: read by `labels import`'s reader, in file order. */
export async function importedExamples(
  name: string,
  lines: readonly LabelledLine[],
  pipeline: Pipeline,
): Promise<TrainingExample[]> {
  const file = await readLabelFile(name, new TextEncoder().encode(toJsonl(lines)), pipeline.taxonomy);
  return file.rows.map((r) => ({
    text: r.text,
    ...(r.items ? { items: r.items } : {}),
    ...(r.topics ? { topics: r.topics } : {}),
    ...(r.stance ? { stance: r.stance } : {}),
  }));
}

export interface Figures {
  passages: number;
  items: number;
  topics: number;
  topicsRecall: number;
  stance: number;
  /** Per topic: held-out positives, precision, recall, F1. */
  perTopic: { label: string; support: number; precision: number; recall: number; f1: number }[];
}

/** Rules + model on gold lines, as `ruecklauf eval --no-memory` scores them. */
export function figures(pipeline: Pipeline, model: ClassifierModel, gold: readonly LabelledLine[]): Figures {
  const { taxonomy } = pipeline;
  const predicted = classifyTexts(gold, taxonomy, {
    reviewThreshold: pipeline.reviewThreshold,
    model: predictorFor(model, taxonomy),
  });
  const r = evaluate(gold, predicted, {
    items: taxonomy.items.map((i) => i.id),
    topics: taxonomy.topics.map((t) => t.id),
  });
  return {
    passages: gold.length,
    items: r.items.micro.f1,
    topics: r.topics.micro.f1,
    topicsRecall: r.topics.micro.recall,
    stance: r.stanceAccuracy,
    perTopic: r.topics.perLabel.map(({ label, support, precision, recall, f1 }) => ({
      label,
      support,
      precision,
      recall,
      f1,
    })),
  };
}

/** Per topic, the files model against the one with imports: where a topics gain has to come from. */
export function formatPerTopic(before: Figures, after: Figures, imported: readonly LabelledLine[]): string[] {
  return before.perTopic.map((b) => {
    const a = after.perTopic.find((t) => t.label === b.label) ?? b;
    const n = imported.filter((l) => l.topics.includes(b.label)).length;
    return (
      `    ${b.label.padEnd(20)} held out ${String(b.support).padStart(3)}, imported ${String(n).padStart(3)}   ` +
      `P ${f3(b.precision)} → ${f3(a.precision)}   R ${f3(b.recall)} → ${f3(a.recall)}   F1 ${f3(b.f1)} → ${f3(a.f1)}`
    );
  });
}

const f3 = (x: number) => x.toFixed(3);
const delta = (a: number, b: number) => `${b - a >= 0 ? '+' : '−'}${Math.abs(b - a).toFixed(4)}`;

export function formatComparison(name: string, before: Figures, after: Figures): string {
  const cell = (k: 'items' | 'topics' | 'stance') =>
    `${f3(before[k])} → ${f3(after[k])} (${delta(before[k], after[k])})`.padEnd(25);
  return (
    `  ${name.padEnd(34)}${String(before.passages).padStart(5)}   ${cell('items')}${cell('topics')}${cell('stance')}` +
    `topics R ${f3(before.topicsRecall)} → ${f3(after.topicsRecall)}`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
      import: { type: 'string', default: '150' },
      seed: { type: 'string', default: '17' },
      'heldout-register': { type: 'string', default: 'table' },
      weights: { type: 'string' },
      write: { type: 'string' },
      'files-only': { type: 'boolean', default: false },
      'topic-cuts': { type: 'string', default: 'all' },
    },
  });
  const opts = z
    .object({
      pipeline: z.string().min(1),
      import: z.coerce.number().int().positive(),
      seed: z.coerce.number().int(),
      'heldout-register': z.string().min(1),
      weights: z
        .string()
        .transform((s) => s.split(',').map(Number))
        .pipe(z.array(z.number().positive()).min(1))
        .optional(),
      write: z.string().optional(),
      'files-only': z.boolean(),
      'topic-cuts': z.enum(['all', 'reviewers']),
    })
    .parse(values);
  const pipeline = await loadPipeline('pipelines', opts.pipeline);
  const registers = await readRegisters(pipeline);
  if (!registers.some((l) => l.register === opts['heldout-register']))
    throw new Error(`no register "${opts['heldout-register']}" under ${path.join(pipeline.dir, 'registers')}`);
  const split = splitRegisters(registers, opts['heldout-register'], opts.import, opts.seed);
  if (opts.write) {
    await mkdir(opts.write, { recursive: true });
    await writeFile(path.join(opts.write, 'import.jsonl'), toJsonl(split.imported));
    await writeFile(path.join(opts.write, 'heldout.jsonl'), toJsonl(split.heldOut));
    await writeFile(path.join(opts.write, 'register.jsonl'), toJsonl(split.heldOutRegister));
  }
  const perRegister = (lines: readonly RegisterLine[]) =>
    [...new Set(lines.map((l) => l.register))].map((r) => `${r} ${lines.filter((l) => l.register === r).length}`);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`import experiment ${pipeline.id}: ${registers.length} register passages, split seed ${opts.seed}`);
  out(`  imported   ${split.imported.length} (${perRegister(split.imported).join(', ')})`);
  out(`  held out   ${split.heldOut.length} (${perRegister(split.heldOut).join(', ')})`);
  out(`  held-out register "${opts['heldout-register']}": ${split.heldOutRegister.length} passages, trains nothing`);

  const { model: files, metrics: filesMetrics } = await resultFromFiles(pipeline);
  out(
    `  files model ${files.version} (${FEATURE_VERSION}): cross-validated items ${filesMetrics.itemsMicroF1} ` +
      `topics ${filesMetrics.topicsMicroF1} stance ${filesMetrics.stanceAccuracy}`,
  );
  const dev = await readLabelledFile(path.join(pipeline.dir, 'training', 'dev.jsonl'));
  const writers = await readLabelledFile(path.join(pipeline.dir, 'heldout', 'writers.jsonl'));
  if (opts['files-only']) {
    // Feature screening: the files model alone on every slice that trained nothing.
    const slices: [string, readonly LabelledLine[]][] = [
      ['all registers', registers],
      ...[...new Set(registers.map((l) => l.register))].map((r): [string, readonly LabelledLine[]] => [
        `  ${r}`,
        registers.filter((l) => l.register === r),
      ]),
      ['held-out writers', writers],
      ['dev', dev],
    ];
    for (const [name, gold] of slices) {
      const f = figures(pipeline, files, gold);
      out(
        `  ${name.padEnd(34)}${String(f.passages).padStart(5)}   items ${f3(f.items)}  topics ${f3(f.topics)} ` +
          `(R ${f3(f.topicsRecall)})  stance ${f3(f.stance)}`,
      );
    }
    return;
  }
  const corpus = await readCorpusExamples(pipeline);
  const imported = await importedExamples('import.jsonl', split.imported, pipeline);
  const started = performance.now();
  const { model, metrics } = trainClassifierModel({
    pipelineId: pipeline.id,
    taxonomy: pipeline.taxonomy,
    examples: [...corpus, ...imported],
    reviewerExamples: imported.length,
    ...(opts.weights ? { reviewerWeights: opts.weights } : {}),
    topicCutsFrom: opts['topic-cuts'],
  });
  out(`  with imports ${model.version} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  for (const r of metrics.reviewerHeldOut ?? [])
    out(
      `  reviewer examples held out in CV, weight ×${r.weight}: items ${r.items} topics ${r.topics} stance ${r.stance}`,
    );
  out(`  reviewer ${describeWeights(metrics)} (chosen in cross-validation)`);
  for (const line of describeCutOffs(model.cutOffs)) out(`  ${line}`);

  const slices: [string, readonly LabelledLine[]][] = [
    ['held out, imported kinds', split.heldOut],
    ...[...new Set(split.heldOut.map((l) => l.register))].map((r): [string, readonly LabelledLine[]] => [
      `  of which ${r}`,
      split.heldOut.filter((l) => l.register === r),
    ]),
    [`held-out register (${opts['heldout-register']})`, split.heldOutRegister],
    ['held-out writers', writers],
    ['dev', dev],
  ];
  out(
    `  ${'slice'.padEnd(34)}${'n'.padStart(5)}   ${'items F1'.padEnd(25)}${'topics F1'.padEnd(25)}${'stance'.padEnd(25)}`,
  );
  for (const [name, gold] of slices)
    out(formatComparison(name, figures(pipeline, files, gold), figures(pipeline, model, gold)));
  out('  per topic, held out, imported kinds (files model → with imports):');
  const [before, after] = [figures(pipeline, files, split.heldOut), figures(pipeline, model, split.heldOut)];
  for (const line of formatPerTopic(before, after, split.imported)) out(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
}
