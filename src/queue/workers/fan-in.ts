import { listUnclaimedPendingDocuments } from '../../store/documents.ts';
import { advanceWhenExtracted } from '../../store/messages.ts';
import { enqueue, type EnqueueOptions } from '../queues.ts';
import type { WorkerContext } from '../worker-context.ts';

type FanInContext = Pick<WorkerContext, 'db' | 'queues'>;

/**
 * For a parsed message (recovery paths): enqueue extraction of every pending document; when none is pending, move
 * the message to `extracted` and enqueue classification. The conditional state update makes the fan-in happen once
 * even when the last two extractions finish at the same moment, or a recovery sweep runs alongside.
 */
export async function enqueueExtractionOrClassify(
  ctx: FanInContext,
  messageId: string,
  generation: number,
  opts: EnqueueOptions = {},
): Promise<void> {
  // Documents a live run is extracting right now are left to it (docs/reliability.md, class 2).
  const pending = await listUnclaimedPendingDocuments(ctx.db, messageId);
  await enqueue(
    ctx.queues,
    'extract',
    pending.map((documentId) => ({ documentId, messageId, generation })),
    opts,
  );
  if (pending.length === 0) await completeExtractionIfLast(ctx, messageId, generation);
}

/**
 * After a document's terminal write: when that write already moved the message (it was the last pending document
 * in its snapshot), classification is enqueued; otherwise the fan-in runs as its own statement.
 */
export async function continueAfterDocument(
  ctx: FanInContext,
  moved: boolean,
  messageId: string,
  generation: number,
): Promise<void> {
  if (moved) await enqueue(ctx.queues, 'classify', { messageId, generation });
  else await completeExtractionIfLast(ctx, messageId, generation);
}

/** Called after one document reached a terminal state (committed): the last one moves the message on. */
export async function completeExtractionIfLast(
  ctx: FanInContext,
  messageId: string,
  generation: number,
): Promise<void> {
  if (await advanceWhenExtracted(ctx.db, messageId, generation)) {
    await enqueue(ctx.queues, 'classify', { messageId, generation });
  }
}
