import { requeueMessage } from '../queue/requeue-unfinished.ts';
import type { WorkerContext } from '../queue/worker-context.ts';
import { resetForReprocess, type ReprocessStage } from '../store/reprocessing.ts';

/** Resets each message before `stage` under a new generation and enqueues its next job. Returns the ids. */
export async function enqueueReprocess(
  ctx: Pick<WorkerContext, 'db' | 'queues'>,
  messageIds: readonly string[],
  stage: ReprocessStage,
): Promise<string[]> {
  for (const id of messageIds) {
    const progress = await ctx.db.transaction((tx) => resetForReprocess(tx, id, stage));
    await requeueMessage(ctx, progress);
  }
  return [...messageIds];
}
