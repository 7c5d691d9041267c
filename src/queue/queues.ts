import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_NAMES, jobIdFor, type JobName, type JobPayload } from './jobs.ts';

export type StageQueues = Record<JobName, Queue>;

/** Bounded retries with backoff, then the job stays failed with its reason (docs/reliability.md #6). */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createQueues(connection: Redis, prefix: string): StageQueues {
  const entries = JOB_NAMES.map((name) => {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    queue.on('error', () => undefined); // surfaced through the connection's own reconnect logging
    return [name, queue] as const;
  });
  return Object.fromEntries(entries) as StageQueues;
}

export interface EnqueueOptions {
  /**
   * Retry a job BullMQ failed on its own (stalled twice: its worker died twice mid-job). Such a job never reached our
   * failure handling, so its message is still unfinished, and while the failed job keeps its deterministic id nothing
   * else can run it. One extra round trip per job, so only the recovery paths ask for it.
   */
  reviveFailed?: boolean;
}

/** Adds the jobs of one stage in one round trip; a job id that exists already is not added twice. */
export async function enqueue<N extends JobName>(
  queues: StageQueues,
  name: N,
  payloads: JobPayload<N> | readonly JobPayload<N>[],
  opts: EnqueueOptions = {},
): Promise<void> {
  const list: readonly JobPayload<N>[] = Array.isArray(payloads) ? payloads : [payloads as JobPayload<N>];
  if (list.length === 0) return;
  const jobs = await queues[name].addBulk(list.map((data) => ({ name, data, opts: { jobId: jobIdFor(name, data) } })));
  if (!opts.reviveFailed) return;
  for (const job of jobs) if (await job.isFailed()) await job.retry('failed');
}

export async function closeQueues(queues: StageQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
