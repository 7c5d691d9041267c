/**
 * Trains the pipeline's model from its files (no database, no cache) and prints its version id, a sha256 of the
 * serialised model and the cross-validated metrics. Training is deterministic, so two code versions that print the
 * same line produce the same model byte for byte: what a refactoring of the trainer must show.
 *
 *   npx tsx scripts/model-identity.ts [--pipeline rueckfuehrung-2024] [--limit N]
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadPipeline } from '../src/config/pipeline.ts';
import { trainClassifierModel } from '../src/classify/model/train-model.ts';
import { readCorpusExamples } from '../src/training/train-pipeline-model.ts';

const Args = z.object({
  pipeline: z.string().min(1).default('rueckfuehrung-2024'),
  limit: z.coerce.number().int().positive('--limit: a positive number of corpus lines').optional(),
});

const { values } = parseArgs({ options: { pipeline: { type: 'string' }, limit: { type: 'string' } } });
const args = Args.parse(values);
const pipeline = await loadPipeline(path.resolve('pipelines'), args.pipeline);
const corpus = await readCorpusExamples(pipeline);
const examples = args.limit ? corpus.slice(0, args.limit) : corpus;
const { model, metrics } = trainClassifierModel({ pipelineId: pipeline.id, taxonomy: pipeline.taxonomy, examples });
const { trainingMs, ...figures } = metrics;
const sha = createHash('sha256').update(JSON.stringify(model)).digest('hex');
console.log(JSON.stringify({ version: model.version, sha256: sha, ...figures }));
console.error(`training took ${(trainingMs / 1000).toFixed(1)} s`);
