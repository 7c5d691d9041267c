import { loadDomainTable } from '../../config/respondent-domains.ts';
import { loadRespondents } from '../../config/respondents.ts';
import type { Respondent } from '../../attribute/respondent.ts';
import { refreshReplyRelations } from '../relations/refresh-reply-relations.ts';
import type { WorkerContext } from '../worker-context.ts';

// The respondent list and domain table change only with a deployment: read once per pipeline folder.
const cache = new Map<string, Promise<[Respondent[], Map<string, string>]>>();

interface Runs {
  running: Promise<void> | null;
  /** One run waiting behind the current one: it will see every passage stored until it starts. */
  queued: Promise<void> | null;
}
// Per worker context (one database) and pipeline: two contexts in one process never share a run.
const runsByContext = new WeakMap<WorkerContext, Map<string, Runs>>();

/**
 * After a message is classified: attribution, near-duplicate groups, endorsements and versions of its pipeline are
 * recomputed (docs/letter-anatomy.md). A burst of classifications in one process shares runs: a job arriving while
 * a run is going waits for the one queued behind it (which reads its passages) instead of starting its own.
 * A failure is logged, not thrown: the message's passages are stored and the next classification recomputes all.
 */
export function refreshRelationsAfterClassify(ctx: WorkerContext, pipelineId: string): Promise<void> {
  let runs = runsByContext.get(ctx);
  if (!runs) runsByContext.set(ctx, (runs = new Map()));
  const r = runs.get(pipelineId) ?? { running: null, queued: null };
  runs.set(pipelineId, r);
  const start = (): Promise<void> => {
    const run = refreshOnce(ctx, pipelineId);
    r.running = run;
    void run.then(() => {
      if (r.running === run) r.running = null;
    });
    return run;
  };
  if (r.queued) return r.queued;
  if (!r.running) return start();
  const next = r.running.then(() => {
    r.queued = null;
    return start();
  });
  r.queued = next;
  return next;
}

async function refreshOnce(ctx: WorkerContext, pipelineId: string): Promise<void> {
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
