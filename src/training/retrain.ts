import { fileURLToPath } from 'node:url';
import type { Pipeline } from '../config/pipeline.ts';
import { sha256Hex, stableId } from '../core/ids.ts';
import { describeError } from '../core/errors.ts';
import { classifyTexts } from '../classify/classify-texts.ts';
import { diffTags, type TagChange } from '../classify/diff-tags.ts';
import { predictorFor } from '../classify/model/predict.ts';
import type { TrainInput, TrainResult } from '../classify/model/train-model.ts';
import type { TrainingExample } from '../classify/training-example.ts';
import { enqueueReprocess } from '../reprocess/enqueue-reprocess.ts';
import { currentItemTags, predictItemTags, type ItemPair } from '../reprocess/predict-item-tags.ts';
import type { WorkerContext } from '../queue/worker-context.ts';
import { createIsolatedPool } from '../sandbox/isolated-pool.ts';
import { saveModel } from '../store/models.ts';
import { listStoredDecisions, type StoredDecision } from '../store/remembered-passages.ts';
import { finishTrainingRun, startTrainingRun, type TrainingRun } from '../store/training-runs.ts';
import { heldOutFigures, type HeldOutFigures } from './held-out-figures.ts';
import { classifierModelFor } from './model-source.ts';
import { readCorpusExamples } from './train-pipeline-model.ts';

export type Trainer = (input: Omit<TrainInput, 'onProgress'>) => Promise<TrainResult>;

/** One reviewer example in five (by a hash of what it is) is held out to compare the models; never trained on. */
const HOLD_OUT_EVERY = 5;
/** Fewer held-out examples than this compare nothing: the candidate, which knows more, is promoted. */
const MIN_HELD_OUT = 10;
const TRAIN_TIMEOUT_MS = 60 * 60_000;
const TRAIN_HEAP_MB = 3072;

/** Trains in a worker thread (train-thread.ts), so the calling process's event loop stays free. */
export function threadTrainer(): Trainer & { close(): Promise<void> } {
  const pool = createIsolatedPool<Omit<TrainInput, 'onProgress'>, TrainResult>({
    filename: fileURLToPath(new URL('./train-thread.ts', import.meta.url)),
    threads: 1,
    timeoutMs: TRAIN_TIMEOUT_MS,
    maxHeapMb: TRAIN_HEAP_MB,
  });
  const train = async (input: Omit<TrainInput, 'onProgress'>) => {
    const outcome = await pool.run(input);
    if (!outcome.ok) throw new Error(`training thread ${outcome.reason}: ${outcome.detail}`);
    return outcome.value;
  };
  return Object.assign(train, { close: () => pool.close() });
}

const exampleOf = (d: StoredDecision): TrainingExample => ({
  text: d.text,
  ...(d.items ? { items: d.items } : {}),
  ...(d.topics ? { topics: d.topics } : {}),
  ...(d.stance ? { stance: d.stance } : {}),
});

export interface RetrainRequest {
  reason: TrainingRun['reason'];
  requestedBy?: string | null;
  /** Names the run; the same id twice (a redelivered job) does the work once. */
  runId?: string;
}

export interface RetrainOutcome {
  runId: string;
  previousModel: string;
  candidate: string;
  promoted: boolean;
  heldOut: number;
  before: HeldOutFigures | null;
  after: HeldOutFigures | null;
  changes: TagChange[];
  reclassified: number;
}

/**
 * Retrains a pipeline's model on the corpus and the reviewers' and imports' decisions, compares it with the model in
 * use on held-out reviewer examples, and promotes it only if it is not worse; then the machine tags of stored
 * replies are recomputed by reprocessing their classification (reviewer tags are never touched), and the item
 * tags that changes on passages no reviewer decided are recorded per item, with both models' figures.
 */
export async function retrainPipeline(
  ctx: Pick<WorkerContext, 'db' | 'queues' | 'logger' | 'extractor' | 'extractLimits'>,
  pipeline: Pipeline,
  request: RetrainRequest,
  train: Trainer,
): Promise<RetrainOutcome> {
  const runId = request.runId ?? stableId('trn', pipeline.id, Date.now(), Math.random());
  await startTrainingRun(ctx.db, {
    id: runId,
    pipelineId: pipeline.id,
    reason: request.reason,
    requestedBy: request.requestedBy ?? null,
  });
  try {
    const outcome = await retrainAndCompare(ctx, pipeline, runId, train);
    await finishTrainingRun(ctx.db, runId, outcome);
    return outcome;
  } catch (err) {
    await finishTrainingRun(ctx.db, runId, { error: describeError(err) });
    throw err;
  }
}

async function retrainAndCompare(
  ctx: Pick<WorkerContext, 'db' | 'queues' | 'logger' | 'extractor' | 'extractLimits'>,
  pipeline: Pipeline,
  runId: string,
  train: Trainer,
): Promise<RetrainOutcome> {
  const decisions = await listStoredDecisions(ctx.db, pipeline.id);
  const held = (d: StoredDecision) => parseInt(sha256Hex(d.ref).slice(0, 8), 16) % HOLD_OUT_EVERY === 0;
  let heldOut = decisions.filter(held);
  let training = decisions.filter((d) => !held(d));
  if (heldOut.length < MIN_HELD_OUT) [heldOut, training] = [[], decisions];
  const corpus = await readCorpusExamples(pipeline);
  const current = await classifierModelFor(ctx.db, pipeline, { logger: ctx.logger });
  const started = Date.now();
  const { model, metrics } = await train({
    pipelineId: pipeline.id,
    taxonomy: pipeline.taxonomy,
    examples: [...corpus, ...training.map(exampleOf)],
    reviewerExamples: training.length,
  });
  ctx.logger.info(
    { event: 'training.candidate_trained', runId, model: model.version, ms: Date.now() - started, ...metrics },
    'candidate model trained',
  );
  const gold = heldOut.map(exampleOf);
  const figuresOf = (predictor: typeof current) =>
    heldOutFigures(
      gold,
      classifyTexts(
        heldOut.map((d, i) => ({ id: String(i), text: d.text })),
        pipeline.taxonomy,
        { reviewThreshold: pipeline.reviewThreshold, model: predictor },
      ),
    );
  const before = gold.length > 0 ? figuresOf(current) : null;
  const after = gold.length > 0 ? figuresOf(predictorFor(model, pipeline.taxonomy)) : null;
  const promoted = !before || !after || after.score >= before.score;
  const base = { runId, previousModel: current.version, candidate: model.version, heldOut: gold.length, before, after };
  if (!promoted) return { ...base, promoted, changes: [], reclassified: 0 };
  await saveModel(ctx.db, model, metrics, 'train');
  const { changes, messageIds } = await itemChanges(ctx, pipeline);
  await enqueueReprocess(ctx, messageIds, 'classify');
  return { ...base, promoted, changes, reclassified: messageIds.length };
}

/**
 * Per item, how many passages no reviewer decided gain or lose it under the newly stored model: the classified
 * messages' machine item tags now against what classification will produce.
 */
async function itemChanges(
  ctx: Pick<WorkerContext, 'db' | 'extractor' | 'extractLimits'>,
  pipeline: Pipeline,
): Promise<{ changes: TagChange[]; messageIds: string[] }> {
  const messages = await ctx.db.query<{ id: string }>(
    `SELECT id FROM messages WHERE pipeline_id = $1 AND state = 'classified' ORDER BY id`,
    [pipeline.id],
  );
  const decided = new Set(
    (
      await ctx.db.query<{ passage_id: string }>(
        `SELECT DISTINCT t.passage_id FROM tags t JOIN passages p ON p.id = t.passage_id JOIN messages m ON m.id = p.message_id
         WHERE t.source = 'reviewer' AND t.dimension = 'item' AND m.pipeline_id = $1`,
        [pipeline.id],
      )
    ).map((r) => r.passage_id),
  );
  const open = (pairs: ItemPair[]) => pairs.filter(([passage]) => !decided.has(passage));
  const before: ItemPair[] = [];
  const after: ItemPair[] = [];
  for (const { id } of messages) {
    before.push(...open(await currentItemTags(ctx.db, id)));
    after.push(...open(await predictItemTags(ctx, pipeline, id, 'classify')));
  }
  return { changes: diffTags(before, after), messageIds: messages.map((m) => m.id) };
}
