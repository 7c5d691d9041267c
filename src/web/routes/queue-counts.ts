import type { WebDeps } from '../deps.ts';
import type { QueueCounts } from '../views/inbox.ts';

/** Job counts per stage queue; null when Redis does not answer (the page still renders). */
export async function readQueueCounts(deps: Pick<WebDeps, 'queues'>): Promise<QueueCounts[] | null> {
  try {
    return await Promise.all(
      Object.entries(deps.queues).map(async ([stage, q]) => {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
        return {
          stage,
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
        };
      }),
    );
  } catch {
    return null;
  }
}
