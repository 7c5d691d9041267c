import type { EnqueueMessage } from '../ingest/receive-mail.ts';
import { listUnfinishedMessages, type MessageProgress } from '../store/messages.ts';
import { enqueue, type EnqueueOptions } from './queues.ts';
import type { WorkerContext } from './worker-context.ts';
import { enqueueExtractionOrClassify } from './workers/fan-in.ts';

type RequeueContext = Pick<WorkerContext, 'db' | 'queues'>;

/**
 * PostgreSQL is the source of truth, Redis is not: Redis restarted without persistence loses queued jobs silently
 * (docs/reliability.md #3). So every message not in a terminal state is enqueued again for its next stage. Job ids are
 * deterministic, so a job that still exists is not duplicated.
 */
export async function requeueUnfinished(ctx: RequeueContext): Promise<number> {
  const unfinished = await listUnfinishedMessages(ctx.db);
  for (const m of unfinished) await requeueMessage(ctx, m, { reviveFailed: true });
  return unfinished.length;
}

/** Intake's enqueue callback: requeueMessage bound to this store and these queues. */
export function nextStageEnqueuer(ctx: RequeueContext): EnqueueMessage {
  return (message) => requeueMessage(ctx, message);
}

/** Enqueues the next stage for a message in its current state and generation. */
export async function requeueMessage(
  ctx: RequeueContext,
  { id, state, generation }: MessageProgress,
  opts: EnqueueOptions = {},
): Promise<void> {
  switch (state) {
    case 'received':
      return enqueue(ctx.queues, 'parse', { messageId: id, generation }, opts);
    case 'parsed':
      return enqueueExtractionOrClassify(ctx, id, generation, opts);
    case 'extracted':
      return enqueue(ctx.queues, 'classify', { messageId: id, generation }, opts);
    case 'classified':
    case 'failed':
      return;
  }
}
