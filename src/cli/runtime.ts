import type { Redis } from 'ioredis';
import { loadEnv, type Env } from '../config/env.ts';
import { loadPipeline, type Pipeline } from '../config/pipeline.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { openStore } from '../store/open-store.ts';
import { queuePrefixFor } from '../store/instance.ts';
import type { Db } from '../store/db.ts';
import { connectRedis } from '../queue/redis.ts';
import { closeQueues, createQueues, type StageQueues } from '../queue/queues.ts';
import { startWorkers, type RunningWorkers } from '../queue/start-workers.ts';
import { requeueUnfinished } from '../queue/requeue-unfinished.ts';
import type { WorkerContext } from '../queue/worker-context.ts';
import { DEFAULT_EXTRACT_LIMITS } from '../extract/limits.ts';
import { ensureRedis } from './ensure-redis.ts';
import { createIsolatedExtractor } from '../sandbox/isolated-extractor.ts';
import type { EnqueueMessage } from '../ingest/receive-mail.ts';
import { nextStageEnqueuer } from '../queue/requeue-unfinished.ts';
import { classifierModelFor } from '../training/model-source.ts';

/** The composed process: configuration, logger, store, queues and (optionally) in-process workers. */
export interface Runtime {
  env: Env;
  logger: Logger;
  db: Db;
  /** Redis key prefix of this database's queues (QUEUE_PREFIX plus the database's identity). */
  queuePrefix: string;
  queues: StageQueues;
  /** Intake's callback to hand a stored mail to the pipeline. */
  enqueueNext: EnqueueMessage;
  ctx: WorkerContext;
  startWorkers(): RunningWorkers;
  close(): Promise<void>;
}

export async function openRuntime(opts: { startPrivateRedis?: boolean } = {}): Promise<Runtime> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const redisUrl = await ensureRedis(env, logger, opts.startPrivateRedis ?? false);
  const db = await openStore(env);
  const producer = connectRedis(redisUrl, 'producer');
  const queuePrefix = await queuePrefixFor(db, env.QUEUE_PREFIX);
  const queues = createQueues(producer, queuePrefix);
  const extractor = createIsolatedExtractor({
    threads: env.EXTRACT_THREADS,
    timeoutMs: env.EXTRACT_TIMEOUT_SECONDS * 1000,
    maxHeapMb: env.EXTRACT_MAX_HEAP_MB,
  });
  const pipelines = new Map<string, Promise<Pipeline>>();
  const ctx: WorkerContext = {
    db,
    queues,
    logger,
    extractLimits: DEFAULT_EXTRACT_LIMITS,
    extractor,
    chainStages: env.STAGE_CHAINING === 'on',
    loadPipeline(id) {
      let p = pipelines.get(id);
      if (!p) pipelines.set(id, (p = loadPipeline(env.PIPELINES_DIR, id)));
      return p;
    },
  };
  const closers: (() => Promise<unknown>)[] = [];
  let workerConnection: Redis | null = null;
  return {
    env,
    logger,
    db,
    queuePrefix,
    queues,
    enqueueNext: nextStageEnqueuer({ db, queues }),
    ctx,
    startWorkers() {
      workerConnection ??= connectRedis(redisUrl, 'worker');
      const connection = workerConnection;
      // Without a stored model the classify stage trains one from the pipeline's files (seconds, on this thread);
      // do it before taking jobs, so no job's lock expires while training holds the event loop.
      const warm = ctx
        .loadPipeline(env.PIPELINE)
        .then((pipeline) => classifierModelFor(db, pipeline, { logger }))
        .catch((err: unknown) =>
          logger.warn({ err }, 'classifier model warm-up failed; the classify stage will retry'),
        );
      const started = warm.then(() =>
        startWorkers(ctx, connection, queuePrefix, { default: env.WORKER_CONCURRENCY, ocr: env.OCR_CONCURRENCY }),
      );
      const running: RunningWorkers = { close: async () => (await started).close() };
      const timer = setInterval(() => {
        requeueUnfinished(ctx).catch((err: unknown) => logger.error({ err }, 'requeue sweep failed'));
      }, env.REQUEUE_INTERVAL_SECONDS * 1000);
      timer.unref();
      closers.push(
        async () => clearInterval(timer),
        () => running.close(),
      );
      return running;
    },
    async close() {
      // Order matters: stop taking work, then close queues, connections and the database.
      for (const close of closers) await close();
      await closeQueues(queues);
      await extractor.close();
      producer.disconnect();
      workerConnection?.disconnect();
      await db.close();
    },
  };
}
