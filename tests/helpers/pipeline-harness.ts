import { Redis } from 'ioredis';
import { loadPipeline, type Pipeline } from '../../src/config/pipeline.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { connectRedis } from '../../src/queue/redis.ts';
import { closeQueues, createQueues, type StageQueues } from '../../src/queue/queues.ts';
import { startWorkers, type RunningWorkers } from '../../src/queue/start-workers.ts';
import { waitForStageJobs as waitForQueuesIdle } from '../../src/queue/wait-for-stage-jobs.ts';
import type { WorkerContext } from '../../src/queue/worker-context.ts';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/extract/extract-document.ts';
import { afterEach, beforeEach } from 'vitest';
import { openTestDb, REDIS_URL, uniqueName, type Engine, type TestDb } from './services.ts';
import type { EnqueueMessage } from '../../src/ingest/receive-mail.ts';
import { nextStageEnqueuer } from '../../src/queue/requeue-unfinished.ts';
import { createIsolatedExtractor } from '../../src/sandbox/isolated-extractor.ts';

export const PIPELINE_ID = 'rueckfuehrung-2024';

/** Real queues and workers on real Redis under a fresh key prefix, against the given database. */
export interface Harness {
  ctx: WorkerContext;
  queues: StageQueues;
  /** Intake's callback, bound to these queues. */
  enqueueNext: EnqueueMessage;
  prefix: string;
  startWorkers(): RunningWorkers;
  close(): Promise<void>;
}

/**
 * chainStages: as the workers run by default (a parse job carries its mail through the stages), or a job per stage.
 * pipelinesDir: where the pipeline is loaded from (a test may give a broken one).
 */
export function createHarness(
  db: Db,
  prefix = uniqueName('rl'),
  { chainStages = true, pipelinesDir = 'pipelines' } = {},
): Harness {
  const producer = connectRedis(REDIS_URL, 'producer');
  const queues = createQueues(producer, prefix);
  let pipeline: Promise<Pipeline> | null = null;
  const extractor = createIsolatedExtractor({ threads: 2, timeoutMs: 60_000, maxHeapMb: 512 });
  const ctx: WorkerContext = {
    db,
    queues,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    extractLimits: DEFAULT_EXTRACT_LIMITS,
    extractor,
    chainStages,
    // Tests read relations right after their mails: a short interval keeps waitForStageJobs short.
    relationsDebounceMs: 200,
    loadPipeline: () => (pipeline ??= loadPipeline(pipelinesDir, PIPELINE_ID)),
  };
  const running: RunningWorkers[] = [];
  const connections: Redis[] = [];
  return {
    ctx,
    queues,
    enqueueNext: nextStageEnqueuer({ db, queues }),
    prefix,
    startWorkers() {
      const connection = connectRedis(REDIS_URL, 'worker');
      connections.push(connection);
      const w = startWorkers(ctx, connection, prefix, 2);
      running.push(w);
      return w;
    },
    async close() {
      for (const w of running) await w.close();
      await closeQueues(queues);
      await extractor.close();
      await deleteKeys(producer, prefix);
      producer.disconnect();
      for (const c of connections) c.disconnect();
    },
  };
}

/** Removes every key under a test run's prefix. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** A fresh database and harness for each test of the calling suite (hooks registered here), torn down after it. */
export function usePipelineRun(engine: Engine, opts: { workers: boolean }): { t: TestDb; h: Harness } {
  const run = {} as { t: TestDb; h: Harness };
  beforeEach(async () => {
    run.t = await openTestDb(engine);
    run.h = createHarness(run.t.db);
    if (opts.workers) run.h.startWorkers();
  });
  afterEach(async () => {
    await run.h.close();
    await run.t.drop();
  });
  return run;
}

/** Throws, naming the pending counts, when the stage jobs are not done in time (see src/queue/wait-for-stage-jobs.ts). */
export async function waitForStageJobs(queues: StageQueues, timeoutMs = 60_000): Promise<void> {
  if (await waitForQueuesIdle(queues, timeoutMs)) return;
  const stages = [queues.parse, queues.extract, queues.ocr, queues.classify, queues.relations];
  const counts = await Promise.all(stages.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
  throw new Error(`stage jobs still pending after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
}
