import type { JobPayload } from '../jobs.ts';
import type { WorkerContext } from '../worker-context.ts';
import { recomputeArguments } from './recompute-arguments.ts';

/** arguments: once no message of the pipeline is still on its way, regroup the subjects whose passages changed. */
export async function runArgumentsJob(ctx: WorkerContext, { pipelineId }: JobPayload<'arguments'>): Promise<void> {
  const [busy] = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE pipeline_id = $1 AND state NOT IN ('classified', 'failed')`,
    [pipelineId],
  );
  if ((busy?.n ?? 0) > 0) {
    // Classification has not settled: the last message to be classified enqueues the job that does the work.
    ctx.logger.info({ event: 'arguments.deferred', pipelineId, unfinished: busy?.n }, 'arguments deferred');
    return;
  }
  const started = Date.now();
  const report = await recomputeArguments(ctx.db, await ctx.loadPipeline(pipelineId));
  ctx.logger.info(
    {
      event: 'arguments.recomputed',
      pipelineId,
      passages: report.passages,
      recomputed: report.recomputed.length,
      ms: Date.now() - started,
    },
    'arguments recomputed',
  );
}
