import { IntegrityError } from '../core/errors.ts';
import type { ClassifierModel, TrainingMetrics } from '../core/classifier-model.ts';
import type { Queryable } from './db.ts';

/** 'train': by `ruecklauf train` (corpus + reviewers); 'files': trained on the pipeline's files when no trained one existed. */
export type ModelOrigin = 'train' | 'files';

export interface StoredModelInfo {
  id: string;
  pipelineId: string;
  origin: ModelOrigin;
  featureVersion: string;
  metrics: TrainingMetrics;
  createdAt: Date;
}

/**
 * Stores a trained model; training the same data twice yields the same id, which then becomes the newest again
 * (and a model first stored from the files becomes a trained one when `train` produces it too).
 */
export async function saveModel(
  q: Queryable,
  model: ClassifierModel,
  metrics: TrainingMetrics,
  origin: ModelOrigin = 'train',
  fingerprint: string | null = null,
): Promise<void> {
  await q.query(
    `INSERT INTO models (id, pipeline_id, origin, fingerprint, feature_version, examples, reviewer_examples, metrics, model)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET created_at = now(), metrics = EXCLUDED.metrics,
       origin = CASE WHEN EXCLUDED.origin = 'train' THEN 'train' ELSE models.origin END`,
    [
      model.version,
      model.pipelineId,
      origin,
      fingerprint,
      model.featureVersion,
      metrics.examples,
      metrics.reviewerExamples,
      JSON.stringify(metrics),
      JSON.stringify(model),
    ],
  );
}

interface InfoRow {
  id: string;
  pipeline_id: string;
  origin: ModelOrigin;
  feature_version: string;
  metrics: TrainingMetrics;
  created_at: Date;
}

const toInfo = (r: InfoRow): StoredModelInfo => ({
  id: r.id,
  pipelineId: r.pipeline_id,
  origin: r.origin,
  featureVersion: r.feature_version,
  metrics: r.metrics,
  createdAt: r.created_at,
});

const INFO = 'id, pipeline_id, origin, feature_version, metrics, created_at';

/** The newest model `ruecklauf train` stored for a pipeline on the given features, without its (large) body. */
export async function latestModelInfo(
  q: Queryable,
  pipelineId: string,
  featureVersion: string,
): Promise<StoredModelInfo | null> {
  const [row] = await q.query<InfoRow>(
    `SELECT ${INFO} FROM models WHERE pipeline_id = $1 AND feature_version = $2 AND origin = 'train'
     ORDER BY created_at DESC, id LIMIT 1`,
    [pipelineId, featureVersion],
  );
  return row ? toInfo(row) : null;
}

/** A model stored earlier from exactly these pipeline files (same fingerprint), if any. */
export async function modelInfoByFingerprint(
  q: Queryable,
  pipelineId: string,
  fingerprint: string,
): Promise<StoredModelInfo | null> {
  const [row] = await q.query<InfoRow>(
    `SELECT ${INFO} FROM models WHERE pipeline_id = $1 AND fingerprint = $2 ORDER BY created_at DESC, id LIMIT 1`,
    [pipelineId, fingerprint],
  );
  return row ? toInfo(row) : null;
}

export async function loadModel(q: Queryable, id: string): Promise<ClassifierModel> {
  const [row] = await q.query<{ model: string }>('SELECT model FROM models WHERE id = $1', [id]);
  if (!row) throw new IntegrityError('integrity.row_missing', `model ${id} not found`);
  return JSON.parse(row.model) as ClassifierModel;
}
