import type { WebDeps } from '../deps.ts';

/**
 * How many BullMQ workers listen on the stage queues (Redis CLIENT LIST, names set by BullMQ); null when Redis does
 * not answer. `ruecklauf serve` runs no workers itself: with none connected, a reprocess waits until one starts.
 */
export async function countWorkers(deps: Pick<WebDeps, 'queues'>): Promise<number | null> {
  try {
    const counts = await Promise.all(Object.values(deps.queues).map((q) => q.getWorkersCount()));
    return counts.reduce((a, b) => a + b, 0);
  } catch {
    return null;
  }
}
