import { loadDomainTable } from '../../config/respondent-domains.ts';
import { loadRespondents } from '../../config/respondents.ts';
import type { Respondent } from '../../core/respondent.ts';
import { refreshReplyRelations } from '../../queue/refresh-reply-relations.ts';
import { AttributionMemo } from '../../attribute/resolve-respondents.ts';
import { RELATIONS_DEBOUNCE_MS, relationsWindowEnd } from '../enqueue-relations.ts';
import type { JobPayload } from '../jobs.ts';
import type { WorkerContext } from '../worker-context.ts';
import { Postponed } from './postponed.ts';

// The respondent list and domain table change only with a deployment: read once per pipeline folder.
const cache = new Map<string, Promise<[Respondent[], Map<string, string>]>>();

/** When this process last started a pipeline's refresh, and how long that refresh took (ms). */
interface LastRefresh {
  started: number;
  finished: number;
  took: number;
}
// Per database and pipeline: the attributions of the last refresh (a reply's evidence seldom changes).
const memos = new WeakMap<WorkerContext['db'], Map<string, AttributionMemo>>();
// Per database and pipeline (keyed by the database: every job gets a context object of its own).
const lastByDb = new WeakMap<WorkerContext['db'], Map<string, LastRefresh>>();

/**
 * A refresh reads the whole pipeline, so its cost grows with it: after one that took T ms, the next starts no sooner
 * than RELATIONS_PAUSE_FACTOR × T later. Relations then use at most 1 / (1 + factor) of the process's time however
 * large the pipeline grows (a refresh of 10,000 passages takes a few seconds), at the price of relations that lag
 * behind classification by up to (1 + factor) × T during a burst.
 */
export const RELATIONS_PAUSE_FACTOR = 4;

/**
 * relations: after the classifications of one debounce interval (queue/enqueue-relations.ts), attribution,
 * near-duplicate groups, endorsements and versions of the pipeline are recomputed (docs/letter-anatomy.md). A job
 * whose interval ended before a refresh of this process started has nothing left to do: that refresh read every
 * classification the interval committed (each was committed before its job was enqueued). So jobs that fell due
 * while a long refresh ran cost one further refresh, not one each, and that one waits its turn (Postponed, see
 * RELATIONS_PAUSE_FACTOR). A failure is logged and retried by the queue.
 */
export async function runRelationsJob(ctx: WorkerContext, { pipelineId, window }: JobPayload<'relations'>) {
  let runs = lastByDb.get(ctx.db);
  if (!runs) lastByDb.set(ctx.db, (runs = new Map()));
  const last = runs.get(pipelineId);
  if (last && relationsWindowEnd(window, ctx.relationsDebounceMs ?? RELATIONS_DEBOUNCE_MS) <= last.started) return;
  const due = last ? last.finished + RELATIONS_PAUSE_FACTOR * last.took : 0;
  if (Date.now() < due) throw new Postponed(due);
  const started = Date.now();
  try {
    const pipeline = await ctx.loadPipeline(pipelineId);
    let data = cache.get(pipeline.dir);
    if (!data)
      cache.set(pipeline.dir, (data = Promise.all([loadRespondents(pipeline.dir), loadDomainTable(pipeline.dir)])));
    const [respondents, domains] = await data;
    let memo = memos.get(ctx.db)?.get(pipelineId);
    if (!memo) {
      memo = new AttributionMemo();
      if (!memos.has(ctx.db)) memos.set(ctx.db, new Map());
      memos.get(ctx.db)?.set(pipelineId, memo);
    }
    const counts = await refreshReplyRelations(ctx.db, pipelineId, respondents, domains, memo);
    const finished = Date.now();
    runs.set(pipelineId, { started, finished, took: finished - started });
    ctx.logger.info({ event: 'relations.refreshed', pipelineId, ...counts }, 'reply relations refreshed');
  } catch (err) {
    ctx.logger.error({ event: 'relations.refresh_failed', pipelineId, err }, 'reply relations not refreshed');
    throw err;
  }
}
