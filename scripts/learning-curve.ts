/**
 * How the classifier's figures grow with the training corpus: trains on seeded random samples of train.jsonl (the
 * same sample order for every fraction, so each sample contains the smaller ones) and prints, per size, the
 * cross-validated figures training reports and the dev figures `ruecklauf eval` would print for rules + model.
 * The slope over the last doubling says how much more labelled data a bar would take.
 *
 *   npx tsx scripts/learning-curve.ts [--pipeline rueckfuehrung-2024] [--fractions 0.25,0.5,0.71,1] [--seed 11]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Pipeline } from '../src/config/pipeline.ts';
import { loadPipeline } from '../src/config/pipeline.ts';
import { classifyTexts } from '../src/classify/classify-texts.ts';
import { evaluate, type Labelled } from '../src/classify/evaluate.ts';
import { predictorFor } from '../src/classify/model/predict.ts';
import { seededRandom, shuffled } from '../src/classify/model/sparse.ts';
import { trainClassifierModel } from '../src/classify/model/train-model.ts';
import type { TrainingExample } from '../src/classify/training-example.ts';
import { readLabelledFile } from '../src/training/read-labelled-file.ts';
import { readCorpusExamples } from '../src/training/train-pipeline-model.ts';

export interface CurvePoint {
  examples: number;
  cv: { items: number | null; topics: number | null; stance: number | null };
  dev: { items: number; topics: number; stance: number };
  trainingMs: number;
}

export const Fractions = z.string().transform((s, ctx) => {
  const list = s.split(',').map(Number);
  if (list.some((f) => !(f > 0 && f <= 1))) {
    ctx.addIssue({ code: 'custom', message: `--fractions: a comma-separated list of shares in (0, 1], got "${s}"` });
    return z.NEVER;
  }
  return list;
});

/** Per fraction, a model trained on that share of the corpus (a seeded sample), scored on dev. */
export function learningCurve(
  pipeline: Pipeline,
  corpus: readonly TrainingExample[],
  dev: readonly (Labelled & { text: string })[],
  fractions: readonly number[],
  seed: number,
): CurvePoint[] {
  const { taxonomy } = pipeline;
  const order = shuffled(corpus.length, seededRandom(seed));
  const labels = { items: taxonomy.items.map((i) => i.id), topics: taxonomy.topics.map((t) => t.id) };
  return fractions.map((fraction) => {
    const examples = order.slice(0, Math.round(corpus.length * fraction)).map((i) => corpus[i] as TrainingExample);
    const { model, metrics } = trainClassifierModel({ pipelineId: pipeline.id, taxonomy, examples });
    const predicted = classifyTexts(dev, taxonomy, {
      reviewThreshold: pipeline.reviewThreshold,
      model: predictorFor(model, taxonomy),
    });
    const r = evaluate(dev, predicted, labels);
    return {
      examples: examples.length,
      cv: { items: metrics.itemsMicroF1, topics: metrics.topicsMicroF1, stance: metrics.stanceAccuracy },
      dev: { items: r.items.micro.f1, topics: r.topics.micro.f1, stance: r.stanceAccuracy },
      trainingMs: metrics.trainingMs,
    };
  });
}

const f3 = (x: number | null) => (x === null ? '  –  ' : x.toFixed(3));

export const formatPoint = (p: CurvePoint): string =>
  `${String(p.examples).padStart(8)}   ${f3(p.cv.items)} ${f3(p.cv.topics)}  ${f3(p.cv.stance)}    ` +
  `${f3(p.dev.items)} ${f3(p.dev.topics)}  ${f3(p.dev.stance)}    ${(p.trainingMs / 1000).toFixed(1).padStart(8)}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
      fractions: { type: 'string', default: '0.25,0.5,0.71,1' },
      seed: { type: 'string', default: '11' },
    },
  });
  const parsed = z
    .object({ pipeline: z.string().min(1), fractions: Fractions, seed: z.coerce.number().int() })
    .safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  const opts = parsed.data;
  const pipeline = await loadPipeline('pipelines', opts.pipeline);
  const corpus = await readCorpusExamples(pipeline);
  const dev = await readLabelledFile(path.join(pipeline.dir, 'training', 'dev.jsonl'));
  process.stdout.write(
    `${opts.pipeline}: ${corpus.length} training examples, dev ${dev.length} passages, sample seed ${opts.seed}\n`,
  );
  process.stdout.write('examples   CV items topics stance   dev items topics stance   training s\n');
  // One fraction at a time, so each line appears as soon as its model is trained.
  for (const fraction of opts.fractions) {
    const [point] = learningCurve(pipeline, corpus, dev, [fraction], opts.seed);
    if (point) process.stdout.write(`${formatPoint(point)}\n`);
  }
}

// Run only when executed directly (npx tsx scripts/learning-curve.ts), not when imported by the test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
}
