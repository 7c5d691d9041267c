import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeError, isPermanent } from '../core/errors.ts';
import { failMessage } from '../store/messages.ts';
import { recordExtractionFailure } from '../store/documents.ts';
import { EXTRACTOR_VERSION } from '../extract/version.ts';
import { JOB_NAMES, JOB_PAYLOADS, type JobName, type JobPayload } from './jobs.ts';
import type { WorkerContext } from './worker-context.ts';
import { jobsTotal, stageDuration } from '../ops/metrics.ts';
import { runParseJob } from './workers/parse.worker.ts';
import { runExtractJob } from './workers/extract.worker.ts';
import { runClassifyJob } from './workers/classify.worker.ts';
import { runOcrJob } from './workers/ocr.worker.ts';
import { completeExtractionIfLast } from './workers/fan-in.ts';
import { runArgumentsJob } from './workers/arguments.worker.ts';
import { runRelationsJob } from './workers/refresh-relations.ts';
import { CLAIMED_ELSEWHERE_DELAY_MS, ClaimedElsewhere } from './workers/claimed-elsewhere.ts';
import { startHeartbeat } from './worker-heartbeat.ts';
import { Postponed } from './workers/postponed.ts';

/**
 * How soon a job of a killed worker runs again (docs/reliability.md, class 10). BullMQ gives a job back when its lock
 * expired and a stalled check saw it twice; with its defaults (30 s lock, 30 s checks) that took 60–70 s after a
 * kill -9. A 20 s lock (renewed every 10 s while the job runs; extraction and OCR run in other processes, so the event
 * loop stays free to renew) and a check every 4 s bring it to at most 20 + 2 × 4 = 28 s, measured in
 * tests/queue/kill-recovery.int.test.ts.
 */
export const LOCK_DURATION_MS = 20_000;
export const STALLED_INTERVAL_MS = 4_000;

type Processor<N extends JobName> = (ctx: WorkerContext, payload: JobPayload<N>) => Promise<void>;

const PROCESSORS: { [N in JobName]: Processor<N> } = {
  parse: runParseJob,
  extract: runExtractJob,
  ocr: runOcrJob,
  classify: runClassifyJob,
  relations: runRelationsJob,
  arguments: runArgumentsJob,
};

/**
 * After the last attempt a job's failure becomes the item's recorded reason, so nothing stays "in progress" forever:
 * an extraction that keeps crashing fails its document (siblings go on); any other stage fails the message. An
 * error no retry can cure is recorded under its own code after the first attempt.
 */
async function recordFailedJob(ctx: WorkerContext, name: JobName, payload: unknown, err: unknown): Promise<void> {
  // No message to fail: the next classification (or view) enqueues them again.
  if (name === 'arguments' || name === 'relations') return;
  const permanent = isPermanent(err);
  const detail = permanent
    ? `${name} stopped without retrying: ${describeError(err)}`
    : `${name} failed after all retries: ${describeError(err)}`;
  if (name === 'extract' || name === 'ocr') {
    const p = JOB_PAYLOADS[name].parse(payload);
    const code = permanent ? err.code : 'extract.failed';
    // A missing document row cannot take its failure; the message's fan-in still counts what is there.
    await recordExtractionFailure(ctx.db, p.documentId, EXTRACTOR_VERSION, { code, detail });
    await completeExtractionIfLast(ctx, p.messageId, p.generation);
    return;
  }
  const p = JOB_PAYLOADS[name].parse(payload);
  const code = permanent ? err.code : name === 'classify' ? 'classify.failed' : 'mail.unparseable';
  await failMessage(ctx.db, p.messageId, { code, detail }, p.generation);
}

function processorFor(ctx: WorkerContext, name: JobName) {
  return async (job: Job, token?: string): Promise<void> => {
    const parsed = JOB_PAYLOADS[name].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.message}`);
    const log = ctx.logger.child({ jobId: job.id, stage: name, attempt: job.attemptsMade + 1 });
    const timer = stageDuration.startTimer({ stage: name });
    try {
      await (PROCESSORS[name] as Processor<typeof name>)({ ...ctx, logger: log }, parsed.data as never);
      jobsTotal.inc({ stage: name, outcome: 'completed' });
    } catch (err) {
      if (err instanceof ClaimedElsewhere && token) {
        log.info(
          { documentId: err.documentId, event: 'worker.claimed_elsewhere' },
          'document busy in another run; job delayed',
        );
        await job.moveToDelayed(Date.now() + CLAIMED_ELSEWHERE_DELAY_MS, token);
        throw new DelayedError();
      }
      if (err instanceof Postponed && token) {
        await job.moveToDelayed(err.until, token);
        throw new DelayedError();
      }
      jobsTotal.inc({ stage: name, outcome: 'failed' });
      const permanent = isPermanent(err);
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      log.error(
        { event: 'job.failed', err: describeError(err), code: permanent ? err.code : undefined, last },
        'job failed',
      );
      if (last) await recordFailedJob(ctx, name, parsed.data, err);
      // BullMQ retries anything but UnrecoverableError: a missing row or a bad configuration stops here, recorded.
      if (permanent) throw new UnrecoverableError(`${err.code}: ${err.message}`);
      throw err;
    } finally {
      timer();
    }
  };
}

export interface RunningWorkers {
  close(): Promise<void>;
}

/** Jobs per stage per process: one number for all stages, or per stage (OCR usually gets fewer). */
export type StageConcurrency = number | ({ default: number } & Partial<Record<JobName, number>>);

export function startWorkers(
  ctx: WorkerContext,
  connection: Redis,
  prefix: string,
  concurrency: StageConcurrency,
): RunningWorkers {
  const workers = JOB_NAMES.map((name) => {
    // One argument or relations job at a time per process: each recomputes a whole pipeline.
    const n =
      name === 'arguments' || name === 'relations'
        ? 1
        : typeof concurrency === 'number'
          ? concurrency
          : (concurrency[name] ?? concurrency.default);
    const worker = new Worker(name, processorFor(ctx, name), {
      connection,
      prefix,
      concurrency: n,
      lockDuration: LOCK_DURATION_MS,
      stalledInterval: STALLED_INTERVAL_MS,
    });
    worker.on('error', (err) =>
      ctx.logger.error({ event: 'worker.error', stage: name, err: describeError(err) }, 'worker error'),
    );
    return worker;
  });
  const heartbeat = startHeartbeat(ctx.db, ctx.logger);
  return {
    // Worker.close() waits for active jobs to finish, then stops taking new ones (graceful SIGTERM, docs/reliability.md #2).
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await heartbeat.stop();
    },
  };
}
