import type { MessageState } from '../core/types.ts';
import { listUnfinishedMessages } from '../store/messages.ts';
import { enqueue } from './queues.ts';
import type { WorkerContext } from './worker-context.ts';
import { enqueueExtractionOrClassify } from './workers/fan-in.ts';

/**
 * PostgreSQL is the source of truth, Redis is not: Redis restarted without persistence loses queued jobs silently
 * (RELIABILITY.md #3). So every message not in a terminal state is enqueued again for its next stage. Job ids are
 * deterministic, so a job that still exists is not duplicated.
 */
export async function requeueUnfinished(ctx: Pick<WorkerContext, 'db' | 'queues'>): Promise<number> {
  const unfinished = await listUnfinishedMessages(ctx.db);
  for (const { id, state } of unfinished) await requeueMessage(ctx, id, state);
  return unfinished.length;
}

/** Enqueues the next stage for a message in `state`. */
export async function requeueMessage(ctx: Pick<WorkerContext, 'db' | 'queues'>, messageId: string, state: MessageState) {
  switch (state) {
    case 'received':
      return enqueue(ctx.queues, 'parse', { messageId });
    case 'parsed':
      return enqueueExtractionOrClassify(ctx, messageId);
    case 'extracted':
      return enqueue(ctx.queues, 'classify', { messageId });
    case 'classified':
    case 'failed':
      return;
  }
}
