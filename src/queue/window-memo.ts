import type { Queue } from 'bullmq';

// Per queue object and pipeline: the debounce interval this process last added a job for.
const added = new WeakMap<Queue, Map<string, number>>();

/**
 * Adds a pipeline's debounced job (arguments, relations) once per interval from this process. The job id already
 * makes every later add of the interval a no-op in Redis; skipping them saves a script call (about ten Redis commands
 * and a round trip) per classified mail. An add that failed is not remembered, so the next classification tries again.
 */
export async function addOncePerWindow(
  queue: Queue,
  pipelineId: string,
  window: number,
  add: () => Promise<unknown>,
): Promise<void> {
  let windows = added.get(queue);
  if (!windows) added.set(queue, (windows = new Map()));
  if (windows.get(pipelineId) === window) return;
  await add();
  windows.set(pipelineId, window);
}
