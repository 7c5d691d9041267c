import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Pipeline } from '../config/pipeline.ts';
import { trainClassifierModel, type TrainResult } from '../classify/model/train-model.ts';
import type { TrainingExample } from '../core/types.ts';
import type { Queryable } from '../store/db.ts';
import { listImportedLabels, type StoredImportedLabel } from '../store/imported-labels.ts';
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
 * corpus, ordered by passage id: deterministic) and every imported labelled passage (in import and line order). The
 * taxonomy's own examples are added by the trainer.
 */
export async function trainPipelineModel(
  pipeline: Pipeline,
  db: Queryable | null,
  onProgress?: (stage: string, done: number, total: number) => void,
): Promise<TrainResult> {
  const corpus = await readCorpusExamples(pipeline);
  const reviewer = db ? await listReviewerExamples(db, pipeline.id) : [];
  const imported = db ? (await listImportedLabels(db, pipeline.id)).map(importedExample) : [];
  return trainClassifierModel({
    pipelineId: pipeline.id,
    taxonomy: pipeline.taxonomy,
    examples: [...corpus, ...reviewer, ...imported],
    reviewerExamples: reviewer.length + imported.length,
    ...(onProgress ? { onProgress } : {}),
  });
}

/** An imported line as a training example: the dimensions the file said nothing about stay unknown. */
function importedExample(l: StoredImportedLabel): TrainingExample {
  return {
    text: l.text,
    ...(l.items ? { items: l.items } : {}),
    ...(l.topics ? { topics: l.topics } : {}),
    ...(l.stance ? { stance: l.stance } : {}),
  };
}
