/**
 * How the classifier's figures grow with the training corpus: trains on seeded random samples of train.jsonl (the
 * same sample order for every fraction, so each sample contains the smaller ones) and prints, per size, the
 * cross-validated figures training reports and the dev figures `ruecklauf eval` would print for rules + model.
 * The slope over the last doubling says how much more labelled data a bar would take.
 *
 *   npx tsx scripts/learning-curve.ts [--pipeline rueckfuehrung-2024] [--fractions 0.25,0.5,0.71,1] [--seed 11]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadPipeline } from '../src/config/pipeline.ts';
import { classifyTexts } from '../src/classify/classify-texts.ts';
import { evaluate } from '../src/classify/evaluate.ts';
import { predictorFor } from '../src/classify/model/predict.ts';
import { seededRandom, shuffled } from '../src/classify/model/sparse.ts';
import { trainClassifierModel } from '../src/classify/model/train-model.ts';
import { readLabelledFile } from '../src/training/read-labelled-file.ts';
import { readCorpusExamples } from '../src/training/train-pipeline-model.ts';

const Options = z.object({
  pipeline: z.string().min(1),
  fractions: z.string().transform((s, ctx) => {
    const list = s.split(',').map(Number);
    if (list.some((f) => !(f > 0 && f <= 1))) ctx.addIssue({ code: 'custom', message: `--fractions: each must be in (0, 1], got "${s}"` });
    return list;
  }),
  seed: z.coerce.number().int(),
});
const { values } = parseArgs({
  options: { pipeline: { type: 'string', default: 'rueckfuehrung-2024' }, fractions: { type: 'string', default: '0.25,0.5,0.71,1' }, seed: { type: 'string', default: '11' } },
});
const opts = Options.parse(values);

const pipeline = await loadPipeline('pipelines', opts.pipeline);
const { taxonomy } = pipeline;
const corpus = await readCorpusExamples(pipeline);
const order = shuffled(corpus.length, seededRandom(opts.seed));
const dev = await readLabelledFile(path.join(pipeline.dir, 'training', 'dev.jsonl'));
const labels = { items: taxonomy.items.map((i) => i.id), topics: taxonomy.topics.map((t) => t.id) };
const f3 = (x: number | null) => (x === null ? '  –  ' : x.toFixed(3));

process.stdout.write(`${opts.pipeline}: ${corpus.length} training examples, dev ${dev.length} passages, sample seed ${opts.seed}\n`);
process.stdout.write('examples   CV items topics stance   dev items topics stance   training s\n');
for (const fraction of opts.fractions) {
  const examples = order.slice(0, Math.round(corpus.length * fraction)).map((i) => corpus[i] as (typeof corpus)[number]);
  const { model, metrics } = trainClassifierModel({ pipelineId: pipeline.id, taxonomy, examples });
  const predicted = classifyTexts(dev, taxonomy, { reviewThreshold: pipeline.reviewThreshold, model: predictorFor(model, taxonomy) });
  const r = evaluate(dev, predicted, labels);
  process.stdout.write(
    `${String(examples.length).padStart(8)}   ${f3(metrics.itemsMicroF1)} ${f3(metrics.topicsMicroF1)}  ${f3(metrics.stanceAccuracy)}    ` +
      `${f3(r.items.micro.f1)} ${f3(r.topics.micro.f1)}  ${f3(r.stanceAccuracy)}    ${(metrics.trainingMs / 1000).toFixed(1).padStart(8)}\n`,
  );
}
