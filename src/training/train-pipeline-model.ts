import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Pipeline } from '../config/pipeline.ts';
import { trainClassifierModel, type TrainResult } from '../classify/model/train-model.ts';
import type { TrainingExample } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { listReviewerExamples } from '../store/reviewer-examples.ts';
import { readLabelledFile } from './read-labelled-file.ts';

/** The pipeline's labelled corpus; dev.jsonl is held back for `eval` and never read here. */
export const trainingFile = (pipeline: Pick<Pipeline, 'dir'>): string =>
  path.join(pipeline.dir, 'training', 'train.jsonl');

/** training/train.jsonl as examples, in file order; a pipeline without one (a new consultation) has none. */
export async function readCorpusExamples(pipeline: Pick<Pipeline, 'dir'>): Promise<TrainingExample[]> {
  const file = trainingFile(pipeline);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) return [];
  return (await readLabelledFile(file)).map((l) => ({
    text: l.text,
    items: l.items,
    topics: l.topics,
    stance: l.stance,
    boilerplate: l.boilerplate,
  }));
}

/**
 * Trains on the corpus plus, when a database is given, every reviewer-confirmed passage of the pipeline (after the
 * corpus, ordered by passage id: deterministic). The taxonomy's own examples are added by the trainer.
 */
export async function trainPipelineModel(
  pipeline: Pipeline,
  db: Queryable | null,
  onProgress?: (stage: string, done: number, total: number) => void,
): Promise<TrainResult> {
  const corpus = await readCorpusExamples(pipeline);
  const reviewer = db ? await listReviewerExamples(db, pipeline.id) : [];
  return trainClassifierModel({
    pipelineId: pipeline.id,
    taxonomy: pipeline.taxonomy,
    examples: [...corpus, ...reviewer],
    reviewerExamples: reviewer.length,
    ...(onProgress ? { onProgress } : {}),
  });
}
