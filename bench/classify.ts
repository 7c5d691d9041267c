// Throughput of the classify stage on the labelled corpus: rules alone vs rules + model, one core, same run.
// Also the training time on 5,000 examples (the corpus repeated), since retraining after review must stay cheap.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPipeline } from '../src/config/pipeline.ts';
import { classifyPassages } from '../src/classify/classify-passages.ts';
import { predictorFor, type Predictor } from '../src/classify/model/predict.ts';
import { trainClassifierModel } from '../src/classify/model/train-model.ts';
import type { Passage } from '../src/core/types.ts';
import { parseLabelledLines } from '../src/training/read-labelled-file.ts';

const PIPELINE = process.env.PIPELINE ?? 'rueckfuehrung-2024';
const MIN_MS = 2000;

const pipeline = await loadPipeline('pipelines', PIPELINE);
const dir = path.join(pipeline.dir, 'training');
const train = parseLabelledLines(await readFile(path.join(dir, 'train.jsonl'), 'utf8'), 'train.jsonl');
const lines = [...train, ...parseLabelledLines(await readFile(path.join(dir, 'dev.jsonl'), 'utf8'), 'dev.jsonl')];
const passages: Passage[] = lines.map((l, seq) => ({
  seq,
  text: l.text,
  page: null,
  start: 0,
  end: l.text.length,
  boilerplate: null,
  heading: null,
}));

function passagesPerSecond(model: Predictor | null): number {
  classifyPassages(passages, pipeline.taxonomy, { reviewThreshold: pipeline.reviewThreshold, model }); // warm-up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_MS) {
    classifyPassages(passages, pipeline.taxonomy, { reviewThreshold: pipeline.reviewThreshold, model });
    n += passages.length;
  }
  return (n / (performance.now() - start)) * 1000;
}

const examples = train.map((l) => ({
  text: l.text,
  items: l.items,
  topics: l.topics,
  stance: l.stance,
  boilerplate: l.boilerplate,
}));
const t0 = performance.now();
const { model } = trainClassifierModel({ pipelineId: pipeline.id, taxonomy: pipeline.taxonomy, examples });
const trainMs = performance.now() - t0;
const predictor = predictorFor(model, pipeline.taxonomy);

const rules = passagesPerSecond(null);
const combined = passagesPerSecond(predictor);
const many = Array.from({ length: 5000 }, (_, i) => examples[i % examples.length] as (typeof examples)[number]);
const t1 = performance.now();
trainClassifierModel({ pipelineId: pipeline.id, taxonomy: pipeline.taxonomy, examples: many });
const train5k = performance.now() - t1;

const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(8);
process.stdout.write(
  `classify ${PIPELINE}: ${passages.length} passages, one core, ≥ ${MIN_MS / 1000} s each\n` +
    `  rules only      ${fmt(rules)} passages/s\n` +
    `  rules + model   ${fmt(combined)} passages/s   (${(combined / rules).toFixed(2)}× the rules' throughput)\n` +
    `training (5-fold CV + final): ${examples.length} examples ${(trainMs / 1000).toFixed(1)} s, 5,000 examples ${(train5k / 1000).toFixed(1)} s\n`,
);
