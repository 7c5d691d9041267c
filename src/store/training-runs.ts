import type { Queryable } from './db.ts';

export interface RunFigures {
  items: number;
  topics: number;
  stance: number;
}

export interface TrainingRun {
  id: string;
  pipelineId: string;
  reason: 'corrections' | 'admin';
  requestedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  previousModel: string | null;
  candidate: string | null;
  promoted: boolean | null;
  heldOut: number | null;
  before: RunFigures | null;
  after: RunFigures | null;
  changes: { label: string; added: number; removed: number }[] | null;
  reclassified: number | null;
  error: string | null;
}

export async function startTrainingRun(
  q: Queryable,
  run: Pick<TrainingRun, 'id' | 'pipelineId' | 'reason' | 'requestedBy'>,
): Promise<void> {
  await q.query(
    `INSERT INTO training_runs (id, pipeline_id, reason, requested_by) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
    [run.id, run.pipelineId, run.reason, run.requestedBy],
  );
}

export async function finishTrainingRun(
  q: Queryable,
  id: string,
  r: Partial<
    Pick<
      TrainingRun,
      'previousModel' | 'candidate' | 'promoted' | 'heldOut' | 'before' | 'after' | 'changes' | 'reclassified' | 'error'
    >
  >,
): Promise<void> {
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  await q.query(
    `UPDATE training_runs SET finished_at = now(), previous_model = $2, candidate = $3, promoted = $4, held_out = $5,
       before = $6::jsonb, after = $7::jsonb, changes = $8::jsonb, reclassified = $9, error = $10 WHERE id = $1`,
    [
      id,
      r.previousModel ?? null,
      r.candidate ?? null,
      r.promoted ?? null,
      r.heldOut ?? null,
      json(r.before),
      json(r.after),
      json(r.changes),
      r.reclassified ?? null,
      r.error ?? null,
    ],
  );
}

interface Row {
  id: string;
  pipeline_id: string;
  reason: TrainingRun['reason'];
  requested_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  previous_model: string | null;
  candidate: string | null;
  promoted: boolean | null;
  held_out: number | null;
  before: RunFigures | null;
  after: RunFigures | null;
  changes: TrainingRun['changes'];
  reclassified: number | null;
  error: string | null;
}

export async function listTrainingRuns(q: Queryable, pipelineId: string, limit = 20): Promise<TrainingRun[]> {
  const rows = await q.query<Row>(
    `SELECT * FROM training_runs WHERE pipeline_id = $1 ORDER BY started_at DESC, id LIMIT $2`,
    [pipelineId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    pipelineId: r.pipeline_id,
    reason: r.reason,
    requestedBy: r.requested_by,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    previousModel: r.previous_model,
    candidate: r.candidate,
    promoted: r.promoted,
    heldOut: r.held_out,
    before: r.before,
    after: r.after,
    changes: r.changes,
    reclassified: r.reclassified,
    error: r.error,
  }));
}

/**
 * Reviewer tags written since the pipeline's last training run started (all of them before the first): what the
 * automatic retraining counts against `retrain.afterCorrections`.
 */
export async function correctionsSinceLastRun(q: Queryable, pipelineId: string): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tags t JOIN passages p ON p.id = t.passage_id JOIN messages m ON m.id = p.message_id
     WHERE t.source = 'reviewer' AND m.pipeline_id = $1
       AND t.created_at > coalesce((SELECT max(started_at) FROM training_runs WHERE pipeline_id = $1), '-infinity')`,
    [pipelineId],
  );
  return row?.n ?? 0;
}
