/**
 * What recalibrating the cut-offs on reviewer examples does: trains once on train.jsonl plus reviewer examples (dev
 * lines rewritten into the five registers the corpus lacks, as scripts/register-slice.ts does — the stand-in for a
 * consultation's own language), then scores the trained model twice on the held-out writers and on the rest of dev
 * rewritten the same way: with the cut-offs training chose on the reviewer examples, and with the corpus's cut-offs
 * (the same heads, so the difference is the cut-offs alone).
 *
 *   npx tsx scripts/register-slice.ts pipelines/rueckfuehrung-2024/training/dev.jsonl --to 150 > /tmp/reviewers.jsonl
 *   npx tsx scripts/register-slice.ts pipelines/rueckfuehrung-2024/training/dev.jsonl --from 151 > /tmp/rest.jsonl
 *   npx tsx scripts/recalibration-figures.ts --reviewers /tmp/reviewers.jsonl [--gold /tmp/rest.jsonl]…
 * (the held-out writers are always scored)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ClassifierModel, CutValues } from '../src/core/classifier-model.ts';
import { loadPipeline } from '../src/config/pipeline.ts';
import { classifyTexts } from '../src/classify/classify-texts.ts';
import { evaluate, type Labelled } from '../src/classify/evaluate.ts';
import { predictorFor } from '../src/classify/model/predict.ts';
import { describeCutOffs } from '../src/classify/model/recalibrate.ts';
import { trainClassifierModel } from '../src/classify/model/train-model.ts';
import { readLabelledFile } from '../src/training/read-labelled-file.ts';
import { readCorpusExamples } from '../src/training/train-pipeline-model.ts';

/** The model with its item, gate and topic cut-offs set back to the given ones (the heads stay). */
export function withCutOffs(model: ClassifierModel, items: CutValues, topics: CutValues): ClassifierModel {
  const { cutOffs: _recorded, ...rest } = model;
  return {
    ...rest,
    version: `${model.version}-corpus-cuts`,
    items: {
      ...model.items,
      threshold: items.threshold,
      thresholdWithoutEvidence: items.withoutEvidence,
      runnerUpShare: items.runnerUpShare,
      bestItemFloor: items.bestItemFloor ?? 1,
      gate: { ...model.items.gate, threshold: items.gate ?? model.items.gate.threshold },
      ...(model.items.groups
        ? { groups: { ...model.items.groups, exponent: items.groupExponent ?? model.items.groups.exponent } }
        : {}),
    },
    topics: {
      ...model.topics,
      threshold: topics.threshold,
      thresholdWithoutEvidence: topics.withoutEvidence,
      runnerUpShare: topics.runnerUpShare,
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pipeline: { type: 'string', default: 'rueckfuehrung-2024' },
      reviewers: { type: 'string' },
      gold: { type: 'string', multiple: true },
    },
  });
  const opts = z
    .object({ pipeline: z.string().min(1), reviewers: z.string().min(1), gold: z.array(z.string()).default([]) })
    .parse(values);
  const pipeline = await loadPipeline('pipelines', opts.pipeline);
  const { taxonomy } = pipeline;
  const corpus = await readCorpusExamples(pipeline);
  const reviewerExamples = (await readLabelledFile(opts.reviewers)).map((l) => ({
    text: l.text,
    items: l.items,
    topics: l.topics,
    stance: l.stance,
  }));
  const golds = [path.join(pipeline.dir, 'heldout', 'writers.jsonl'), ...opts.gold];
  process.stdout.write(
    `${pipeline.id}: ${corpus.length} corpus lines + ${reviewerExamples.length} reviewer examples (${opts.reviewers})\n`,
  );
  const { model, metrics } = trainClassifierModel({
    pipelineId: pipeline.id,
    taxonomy,
    examples: [...corpus, ...reviewerExamples],
    reviewerExamples: reviewerExamples.length,
    onProgress: (stage, done, total) => process.stderr.write(`  ${stage} ${done}/${total}\n`),
  });
  process.stdout.write(
    `trained in ${(metrics.trainingMs / 1000).toFixed(0)} s, reviewer weight ${metrics.reviewerWeight ?? 1}\n`,
  );
  for (const line of describeCutOffs(model.cutOffs)) process.stdout.write(`${line}\n`);
  if (!model.cutOffs) throw new Error('no cut-off provenance: no reviewer examples trained');
  const before = withCutOffs(model, model.cutOffs.items.corpus, model.cutOffs.topics.corpus);
  const labels = { items: taxonomy.items.map((i) => i.id), topics: taxonomy.topics.map((t) => t.id) };
  const score = (m: ClassifierModel, gold: readonly (Labelled & { text: string })[]) => {
    const r = evaluate(
      gold,
      classifyTexts(gold, taxonomy, { reviewThreshold: pipeline.reviewThreshold, model: predictorFor(m, taxonomy) }),
      labels,
    );
    return `items ${r.items.micro.f1.toFixed(3)} (P ${r.items.micro.precision.toFixed(3)} R ${r.items.micro.recall.toFixed(3)})  topics ${r.topics.micro.f1.toFixed(3)} (P ${r.topics.micro.precision.toFixed(3)} R ${r.topics.micro.recall.toFixed(3)})  stance ${r.stanceAccuracy.toFixed(3)}`;
  };
  for (const file of golds) {
    const gold = await readLabelledFile(file);
    process.stdout.write(`${file} (${gold.length})\n  corpus cut-offs     ${score(before, gold)}\n`);
    process.stdout.write(`  reviewer cut-offs   ${score(model, gold)}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
