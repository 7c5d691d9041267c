import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { stableId } from '../core/ids.ts';
import { describeError } from '../core/errors.ts';
import { correctionsSinceLastRun } from '../store/training-runs.ts';
import { retrainPipeline, threadTrainer, type Trainer } from '../training/retrain.ts';
import { TrainJobPayload } from './jobs.ts';
import type { StageQueues } from './queues.ts';
import type { WorkerContext } from './worker-context.ts';

export const TRAIN_QUEUE = 'train';

export function createTrainQueue(connection: Redis, prefix: string): Queue {
  const queue = new Queue(TRAIN_QUEUE, {
    connection,
    prefix,
    // A failed training is recorded on its run; an admin asks again rather than five automatic repeats of minutes.
    defaultJobOptions: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  });
  queue.on('error', () => undefined);
  return queue;
}

/** A train queue on the stage queues' connection and key prefix (for a process that only has those, the web). */
export function trainQueueBeside(queues: StageQueues): Queue {
  const { connection, prefix } = queues.classify.opts;
  return createTrainQueue(connection as Redis, prefix ?? 'bull');
}

/** Enqueues a retraining; the run id is the job id, so asking twice for the same run adds one job. */
export async function requestRetraining(
  queue: Queue,
  request: { pipelineId: string; reason: TrainJobPayload['reason']; requestedBy?: string | null; runId?: string },
): Promise<string> {
  const runId = request.runId ?? stableId('trn', request.pipelineId, request.reason, Date.now());
  const data = TrainJobPayload.parse({ ...request, requestedBy: request.requestedBy ?? null, runId });
  await queue.add(TRAIN_QUEUE, data, { jobId: runId });
  return runId;
}

/**
 * One training at a time per worker process; the training itself runs in a thread, so this process's stage workers
 * keep their jobs (and lock renewals) going meanwhile.
 */
export function startTrainWorker(
  ctx: WorkerContext,
  connection: Redis,
  prefix: string,
  trainer: Trainer = threadTrainer(),
): { close(): Promise<void> } {
  const worker = new Worker(
    TRAIN_QUEUE,
    async (job: Job) => {
      const payload = TrainJobPayload.parse(job.data);
      const pipeline = await ctx.loadPipeline(payload.pipelineId);
      const outcome = await retrainPipeline(ctx, pipeline, payload, trainer);
      ctx.logger.info(
        { event: 'training.retrain_finished', ...outcome, changes: outcome.changes.length },
        'retraining finished',
      );
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('error', (err) =>
    ctx.logger.error({ event: 'worker.error', stage: TRAIN_QUEUE, err: describeError(err) }, 'worker error'),
  );
  return {
    close: async () => {
      await worker.close();
      if ('close' in trainer && typeof trainer.close === 'function') await (trainer.close as () => Promise<void>)();
    },
  };
}

/**
 * Enqueues a retraining for each pipeline with `retrain.afterCorrections` once that many reviewer tags were written
 * since its last run. The run id derives from the newest reviewer tag, so several worker processes checking at
 * once enqueue one job.
 */
export async function checkRetrainDue(ctx: WorkerContext, queue: Queue): Promise<string[]> {
  const pipelines = await ctx.db.query<{ pipeline_id: string }>('SELECT DISTINCT pipeline_id FROM messages');
  const enqueued: string[] = [];
  for (const { pipeline_id: id } of pipelines) {
    const pipeline = await ctx.loadPipeline(id).catch(() => null);
    const due = pipeline?.retrain?.afterCorrections;
    if (!due) continue;
    const corrections = await correctionsSinceLastRun(ctx.db, id);
    if (corrections < due) continue;
    const [newest] = await ctx.db.query<{ at: string }>(
      `SELECT max(t.created_at)::text AS at FROM tags t JOIN passages p ON p.id = t.passage_id
       JOIN messages m ON m.id = p.message_id WHERE t.source = 'reviewer' AND m.pipeline_id = $1`,
      [id],
    );
    const runId = stableId('trn', id, 'corrections', newest?.at ?? '');
    enqueued.push(await requestRetraining(queue, { pipelineId: id, reason: 'corrections', runId }));
  }
  return enqueued;
}
