/**
 * Active learning, simulated: does reviewing the review queue "lehrreich zuerst" (src/classify/instructive.ts) teach
 * the classifier more per passage than reviewing replies in the order they came? A labelled file stands in for a
 * consultation: its first two thirds are the unreviewed pool, the last third (and the held-out writers) the test.
 * Per order, a simulated reviewer takes the first K pool passages (in rounds: the instructive order is scored again
 * after each round, as the worker does for every classified reply, with the reviewed passages' item counts) and gives
 * them their gold labels. Then:
 *   memory   the reviewer memory of those K passages, model unchanged;
 *   retrain  the heads refitted on the corpus plus those K passages (weight --weight), calibration and cut-offs kept
 *            from the files model (one fit instead of a cross-validated training; the same for every order).
 * Prints, per order, how many of the K passages the reviewer had to correct (machine tags ≠ gold), the test figures
 * and the F1 gained per corrected passage; and the pool's own figures as the synopsis would have them after the
 * review (reviewed passages with the reviewer's labels, the rest with the retrained model's and the memory's).
 * Orders: instructive, reply (file order), random (seeded).
 *
 *   npm run bench:active [-- --lines FILE.jsonl] [--k 100] [--rounds 4] [--weight 1]
 *   (default lines: dev.jsonl; e.g. dev lines rewritten into other registers by scripts/register-slice.ts)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ClassifierModel } from '../src/core/classifier-model.ts';
import type { Instructiveness } from '../src/core/types.ts';
import { loadPipeline } from '../src/config/pipeline.ts';
import { classifyPassages } from '../src/classify/classify-passages.ts';
import { classifyTexts } from '../src/classify/classify-texts.ts';
import { evaluate, type EvalReport } from '../src/classify/evaluate.ts';
import { instructiveReason } from '../src/classify/instructive.ts';
import { predictorFor, type Predictor } from '../src/classify/model/predict.ts';
import { seededRandom, shuffled } from '../src/classify/model/sparse.ts';
import { trainClassifierModel } from '../src/classify/model/train-model.ts';
import { reviewerMemory, type ReviewerMemory } from '../src/classify/reviewer-memory.ts';
import type { LabelledLine } from '../src/classify/training-example.ts';
import { modelFromFiles } from '../src/training/model-source.ts';
import { readLabelledFile } from '../src/training/read-labelled-file.ts';
import { readCorpusExamples } from '../src/training/train-pipeline-model.ts';

const Args = z.object({
  lines: z.string().optional(),
  k: z.coerce.number().int().min(5, '--k: at least 5').default(100),
  rounds: z.coerce.number().int().min(1).max(50).default(4),
  weight: z.coerce.number().min(1).max(20).default(1),
});
const { values } = parseArgs({
  options: { lines: { type: 'string' }, k: { type: 'string' }, rounds: { type: 'string' }, weight: { type: 'string' } },
});
const opts = Args.parse(values);
const pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');
const { taxonomy } = pipeline;
const linesFile = opts.lines ?? path.join(pipeline.dir, 'training', 'dev.jsonl');
const lines = await readLabelledFile(linesFile);
const writers = await readLabelledFile(path.join(pipeline.dir, 'heldout', 'writers.jsonl'));
const poolSize = Math.round((lines.length * 2) / 3);
const pool = lines.slice(0, poolSize);
const test = lines.slice(poolSize);
const labels = { items: taxonomy.items.map((i) => i.id), topics: taxonomy.topics.map((t) => t.id) };

const started = performance.now();
const base = await modelFromFiles(pipeline);
const basePredictor = predictorFor(base, taxonomy);
const corpus = await readCorpusExamples(pipeline);
process.stdout.write(
  `active learning, simulated: ${linesFile}: pool ${pool.length}, test ${test.length} + held-out writers ` +
    `${writers.length}; K ${opts.k} in ${opts.rounds} round(s); retrain weight ${opts.weight}; files model ` +
    `${base.version} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
);

const run = (gold: readonly LabelledLine[], model: Predictor, memory: ReviewerMemory | null = null): EvalReport =>
  evaluate(gold, classifyTexts(gold, taxonomy, { reviewThreshold: pipeline.reviewThreshold, model, memory }), labels);

const remembered = (reviewed: readonly LabelledLine[]) =>
  reviewerMemory(
    reviewed.map((l) => ({
      ref: l.id,
      text: l.text,
      items: l.items,
      topics: l.topics,
      stance: l.stance,
    })),
  );

/** The passages the simulated reviewer takes, in the given order. */
function reviewOrder(order: 'instructive' | 'reply' | 'random'): { reviewed: LabelledLine[]; reasons: string[] } {
  if (order === 'reply') return { reviewed: pool.slice(0, opts.k), reasons: [] };
  if (order === 'random')
    return {
      reviewed: shuffled(pool.length, seededRandom(17))
        .slice(0, opts.k)
        .map((i) => pool[i]!),
      reasons: [],
    };
  const reviewed: LabelledLine[] = [];
  const reasons: string[] = [];
  const perRound = Math.ceil(opts.k / opts.rounds);
  const names = {
    item: (id: string) => taxonomy.items.find((i) => i.id === id)?.id ?? id,
    stance: (id: string) => taxonomy.stances.find((s) => s.id === id)?.label ?? id,
  };
  while (reviewed.length < opts.k) {
    const memory = remembered(reviewed);
    const done = new Set(reviewed.map((l) => l.id));
    const scored = pool
      .filter((l) => !done.has(l.id))
      .map((l) => {
        const [r] = classifyPassages(
          [{ seq: 0, text: l.text, page: null, start: 0, end: l.text.length, boilerplate: null, heading: null }],
          taxonomy,
          { reviewThreshold: pipeline.reviewThreshold, model: basePredictor, memory },
        );
        return { l, w: r?.instructive ?? null };
      })
      .sort((a, b) => (b.w?.score ?? -1) - (a.w?.score ?? -1) || a.l.id.localeCompare(b.l.id));
    for (const { l, w } of scored.slice(0, Math.min(perRound, opts.k - reviewed.length))) {
      reviewed.push(l);
      if (w && reasons.length < 5)
        reasons.push(`${l.id} ${w.score.toFixed(2)}: ${instructiveReason(w as Instructiveness, names)}`);
    }
  }
  return { reviewed, reasons };
}

/** Passages whose machine tags the reviewer had to change (items, topics or stance differ from gold). */
function corrected(reviewed: readonly LabelledLine[]): number {
  const machine = classifyTexts(reviewed, taxonomy, {
    reviewThreshold: pipeline.reviewThreshold,
    model: basePredictor,
  });
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  return reviewed.filter((g, i) => {
    const m = machine[i];
    return !m || !same(m.items, g.items) || !same(m.topics, g.topics) || m.stance !== g.stance;
  }).length;
}

/** The heads refitted with the reviewed passages; calibration and cut-offs kept from the files model. */
function retrained(reviewed: readonly LabelledLine[]): Predictor {
  const { model } = trainClassifierModel({
    pipelineId: pipeline.id,
    taxonomy,
    examples: [
      ...corpus,
      ...reviewed.map((l) => ({
        text: l.text,
        items: l.items,
        topics: l.topics,
        stance: l.stance,
        weight: opts.weight,
      })),
    ],
    folds: 1,
  });
  return predictorFor(withCalibrationOf(model, base), taxonomy);
}

function withCalibrationOf(fresh: ClassifierModel, from: ClassifierModel): ClassifierModel {
  const cut = <T extends ClassifierModel['topics']>(head: T, like: ClassifierModel['topics']): T => ({
    ...head,
    platt: like.platt,
    threshold: like.threshold,
    thresholdWithoutEvidence: like.thresholdWithoutEvidence,
    runnerUpShare: like.runnerUpShare,
    ...(like.bestItemFloor !== undefined ? { bestItemFloor: like.bestItemFloor } : {}),
  });
  return {
    ...fresh,
    version: `${fresh.version}-recalibrated-as-files`,
    items: {
      ...cut(fresh.items, from.items),
      gate: cut(fresh.items.gate, from.items.gate),
      ...(fresh.items.groups && from.items.groups
        ? { groups: { ...fresh.items.groups, exponent: from.items.groups.exponent } }
        : {}),
    },
    topics: cut(fresh.topics, from.topics),
    stance: { ...fresh.stance, temperature: from.stance.temperature },
    boilerplate: cut(fresh.boilerplate, from.boilerplate),
  };
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number, digits = 3) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
const figures = (r: EvalReport) =>
  `items ${f3(r.items.micro.f1)} topics ${f3(r.topics.micro.f1)} stance ${f3(r.stanceAccuracy)}`;
const mean = (r: EvalReport) => (r.items.micro.f1 + r.topics.micro.f1 + r.stanceAccuracy) / 3;

/** The pool as the synopsis has it after the review: the reviewer's labels where reviewed, else the machine's. */
function poolAfter(reviewed: readonly LabelledLine[], model: Predictor, memory: ReviewerMemory | null): EvalReport {
  const done = new Set(reviewed.map((l) => l.id));
  const rest = pool.filter((l) => !done.has(l.id));
  const machine = classifyTexts(rest, taxonomy, { reviewThreshold: pipeline.reviewThreshold, model, memory });
  return evaluate(pool, [...reviewed, ...machine], labels);
}

const before = {
  test: run(test, basePredictor),
  writers: run(writers, basePredictor),
  pool: run(pool, basePredictor),
};
process.stdout.write(
  `before: test ${figures(before.test)}; writers ${figures(before.writers)}; pool ${figures(before.pool)}\n`,
);
for (const order of ['instructive', 'reply', 'random'] as const) {
  const t0 = performance.now();
  const { reviewed, reasons } = reviewOrder(order);
  const fixes = corrected(reviewed);
  const memory = remembered(reviewed);
  const withMemory = run(test, basePredictor, memory);
  const model = retrained(reviewed);
  const after = { test: run(test, model), writers: run(writers, model), pool: poolAfter(reviewed, model, memory) };
  const gain = (a: EvalReport, b: EvalReport) => a.items.micro.f1 - b.items.micro.f1;
  process.stdout.write(
    `${order.padEnd(11)} ${reviewed.length} reviewed, ${fixes} corrected (${((fixes / reviewed.length) * 100).toFixed(0)} %)\n` +
      `  memory   test ${figures(withMemory)}\n` +
      `  retrain  test ${figures(after.test)}; writers ${figures(after.writers)}\n` +
      `  gained   test items ${signed(gain(after.test, before.test))}, mean of three ${signed(mean(after.test) - mean(before.test))}; ` +
      `per corrected passage: items ${signed((gain(after.test, before.test) / Math.max(1, fixes)) * 1000, 2)}‰, ` +
      `mean ${signed(((mean(after.test) - mean(before.test)) / Math.max(1, fixes)) * 1000, 2)}‰; ` +
      `writers items ${signed(gain(after.writers, before.writers))} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n` +
      `  pool     ${figures(after.pool)} (reviewed + retrained model): items ${signed(gain(after.pool, before.pool))}, ` +
      `mean ${signed(mean(after.pool) - mean(before.pool))}; per corrected passage: items ` +
      `${signed((gain(after.pool, before.pool) / Math.max(1, fixes)) * 1000, 2)}‰, mean ` +
      `${signed(((mean(after.pool) - mean(before.pool)) / Math.max(1, fixes)) * 1000, 2)}‰\n` +
      reasons.map((r) => `    ${r}\n`).join(''),
  );
}
