import { loadDomainTable } from '../../config/respondent-domains.ts';
import { loadRespondents } from '../../config/respondents.ts';
import type { Respondent } from '../../core/respondent.ts';
import { refreshReplyRelations } from '../../queue/refresh-reply-relations.ts';
import type { WorkerContext } from '../worker-context.ts';

// The respondent list and domain table change only with a deployment: read once per pipeline folder.
const cache = new Map<string, Promise<[Respondent[], Map<string, string>]>>();

/**
 * After a message is classified: attribution, near-duplicate groups, endorsements and versions of its pipeline are
 * recomputed (docs/letter-anatomy.md). A failure here is logged, not thrown: the message's passages are stored and
 * the next classification recomputes everything.
 */
export async function refreshRelationsAfterClassify(ctx: WorkerContext, pipelineId: string): Promise<void> {
  try {
    const pipeline = await ctx.loadPipeline(pipelineId);
    let data = cache.get(pipeline.dir);
    if (!data)
      cache.set(pipeline.dir, (data = Promise.all([loadRespondents(pipeline.dir), loadDomainTable(pipeline.dir)])));
    const [respondents, domains] = await data;
    const counts = await refreshReplyRelations(ctx.db, pipelineId, respondents, domains);
    ctx.logger.info({ pipelineId, ...counts }, 'reply relations refreshed');
  } catch (err) {
    ctx.logger.error({ pipelineId, err }, 'reply relations not refreshed');
  }
}
