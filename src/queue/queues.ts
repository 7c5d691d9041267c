import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_NAMES, jobIdFor, type JobName, type JobPayload } from './jobs.ts';

export type StageQueues = Record<JobName, Queue>;

/** Bounded retries with backoff, then the job stays failed with its reason (RELIABILITY.md #6). */
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

/**
 * Adds the job, or finds the one already there under its deterministic id. A job that BullMQ failed on its own
 * (stalled twice: its worker died twice mid-job) never reached our failure handling, so its message is still
 * unfinished; without a retry here the recovery sweep could never run it again while the failed job is kept.
 */
export async function enqueue<N extends JobName>(queues: StageQueues, name: N, payload: JobPayload<N>): Promise<void> {
  const job = await queues[name].add(name, payload, { jobId: jobIdFor(name, payload) });
  if (await job.isFailed()) await job.retry('failed');
}

export async function closeQueues(queues: StageQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
