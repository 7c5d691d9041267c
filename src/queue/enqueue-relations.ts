import { jobIdFor, type JobPayload } from './jobs.ts';
import type { StageQueues } from './queues.ts';
import { addOncePerWindow } from './window-memo.ts';

/**
 * Classifications within this interval share one relations refresh, which runs once the interval is over. A refresh
 * recomputes the whole pipeline's relations (attribution, near-duplicate groups, endorsements, versions): run after
 * every classification, its cost grew with the pipeline and made a mail's cost grow with the number stored before it
 * (bench:pipeline, 400 small mails: 1.3 s of worker CPU per mail, docs/scaling.md).
 */
export const RELATIONS_DEBOUNCE_MS = 5_000;

/**
 * Asks for the pipeline's reply relations to be recomputed once the current interval is over: the job id names the
 * interval, so the classifications of one burst add one job, delayed to the interval's end (a job already queued for
 * the interval is not added twice). The classification was committed before this call, so the job, which starts
 * after the interval, reads it.
 */
export async function enqueueRelationsSoon(
  queues: StageQueues,
  pipelineId: string,
  o: { now?: number; debounceMs?: number | undefined } = {},
): Promise<void> {
  const now = o.now ?? Date.now();
  const interval = o.debounceMs ?? RELATIONS_DEBOUNCE_MS;
  const window = Math.floor(now / interval);
  const data: JobPayload<'relations'> = { pipelineId, window };
  await addOncePerWindow(queues.relations, pipelineId, window, () =>
    queues.relations.add('relations', data, {
      jobId: jobIdFor('relations', data),
      delay: (window + 1) * interval - now,
    }),
  );
}

/** When the interval a relations job was enqueued for ended (ms since the epoch). */
export const relationsWindowEnd = (window: number, debounceMs = RELATIONS_DEBOUNCE_MS): number =>
  (window + 1) * debounceMs;
