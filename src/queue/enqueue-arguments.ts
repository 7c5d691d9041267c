import { jobIdFor, type JobPayload } from './jobs.ts';
import type { StageQueues } from './queues.ts';
import { addOncePerWindow } from './window-memo.ts';

/** Classifications within this interval share one argument job, which runs once the interval is over. */
export const ARGUMENTS_DEBOUNCE_MS = 10_000;

/**
 * Asks for the pipeline's arguments to be recomputed once classification settles: the job id names the current
 * interval, so the messages of one burst add one job, delayed to the interval's end (a job already queued for the
 * interval is not added twice). The job does nothing while messages are still unfinished; the last one to be
 * classified enqueues the job that does the work. `delayMs: 0` asks for it now (a view found it stale).
 */
export async function enqueueArgumentsSoon(
  queues: StageQueues,
  pipelineId: string,
  o: { now?: number; delayMs?: number } = {},
): Promise<void> {
  const now = o.now ?? Date.now();
  const window = Math.floor(now / ARGUMENTS_DEBOUNCE_MS);
  const data: JobPayload<'arguments'> = { pipelineId, window };
  const delay = o.delayMs ?? (window + 1) * ARGUMENTS_DEBOUNCE_MS - now;
  const add = () => queues.arguments.add('arguments', data, { jobId: jobIdFor('arguments', data), delay });
  // A view's request for now (delayMs) always goes out; a classification's once per interval and process.
  if (o.delayMs === undefined) await addOncePerWindow(queues.arguments, pipelineId, window, add);
  else await add();
}
