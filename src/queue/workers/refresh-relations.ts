import { loadDomainTable } from '../../config/respondent-domains.ts';
import { loadRespondents } from '../../config/respondents.ts';
import type { Respondent } from '../../core/respondent.ts';
import { refreshReplyRelations } from '../../queue/refresh-reply-relations.ts';
import { RELATIONS_DEBOUNCE_MS, relationsWindowEnd } from '../enqueue-relations.ts';
import type { JobPayload } from '../jobs.ts';
import type { WorkerContext } from '../worker-context.ts';

// The respondent list and domain table change only with a deployment: read once per pipeline folder.
const cache = new Map<string, Promise<[Respondent[], Map<string, string>]>>();

// Per worker context (one database) and pipeline: when this process last started a refresh (ms since the epoch).
const startedByContext = new WeakMap<WorkerContext, Map<string, number>>();

/**
 * relations: after the classifications of one debounce interval (queue/enqueue-relations.ts), attribution,
 * near-duplicate groups, endorsements and versions of the pipeline are recomputed (docs/letter-anatomy.md). A job
 * whose interval ended before a refresh of this process started has nothing left to do: that refresh read every
 * classification the interval committed (each was committed before its job was enqueued). So jobs that fell due
 * while a long refresh ran cost one further refresh, not one each. A failure is logged and retried by the queue.
 */
export async function runRelationsJob(ctx: WorkerContext, { pipelineId, window }: JobPayload<'relations'>) {
  let started = startedByContext.get(ctx);
  if (!started) startedByContext.set(ctx, (started = new Map()));
  if (relationsWindowEnd(window, ctx.relationsDebounceMs ?? RELATIONS_DEBOUNCE_MS) <= (started.get(pipelineId) ?? 0))
    return;
  started.set(pipelineId, Date.now());
  try {
    const pipeline = await ctx.loadPipeline(pipelineId);
    let data = cache.get(pipeline.dir);
    if (!data)
      cache.set(pipeline.dir, (data = Promise.all([loadRespondents(pipeline.dir), loadDomainTable(pipeline.dir)])));
    const [respondents, domains] = await data;
    const counts = await refreshReplyRelations(ctx.db, pipelineId, respondents, domains);
    ctx.logger.info({ event: 'relations.refreshed', pipelineId, ...counts }, 'reply relations refreshed');
  } catch (err) {
    started.delete(pipelineId); // a retry (or a later job) must refresh again
    ctx.logger.error({ event: 'relations.refresh_failed', pipelineId, err }, 'reply relations not refreshed');
    throw err;
  }
}
