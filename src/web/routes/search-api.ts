import { Hono } from 'hono';
import { searchPassages } from '../../store/passage-search.ts';
import { searchReplies } from '../../store/reply-search.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { passageJson, replyJson } from '../search/api-shapes.ts';
import { reasonLabels } from '../views/taxonomy-labels.ts';
import type { WorkspaceCache } from '../search/workspace-cache.ts';
import { toPassageFilter, toReplyFilter } from '../search/resolve-filters.ts';
import { firstValues, paramError, passageParamsSchema, replyParamsSchema } from '../search/search-params.ts';

/** GET /api/passages and /api/replies: search, filters and pages for scripts (session or bearer token). */
export function searchApiRoutes(deps: WebDeps & { cache: WorkspaceCache }): Hono<WebEnv> {
  const units = deps.cache.replyUnits;
  const app = new Hono<WebEnv>();
  const passageParams = passageParamsSchema(deps.pipeline.taxonomy, deps.respondents);
  const replyParams = replyParamsSchema(deps.respondents);
  const labels = reasonLabels(deps.pipeline.taxonomy);

  app.get('/api/passages', async (c) => {
    const params = passageParams.safeParse(firstValues(c.req.queries()));
    if (!params.success) return c.json(paramError(params.error), 400);
    const u = await units(deps);
    const found = await searchPassages(deps.db, toPassageFilter(deps.pipeline.id, params.data, u));
    return c.json({
      total: found.total,
      page: params.data.page,
      pageSize: params.data.pageSize,
      passages: found.passages.map((p) => passageJson(p, u, labels)),
    });
  });

  app.get('/api/replies', async (c) => {
    const params = replyParams.safeParse(firstValues(c.req.queries()));
    if (!params.success) return c.json(paramError(params.error), 400);
    const u = await units(deps);
    const filter = toReplyFilter(
      { pipelineId: deps.pipeline.id, deadline: deps.pipeline.deadline, username: c.get('user')?.username ?? '' },
      params.data,
      u,
    );
    const found = await searchReplies(deps.db, filter);
    return c.json({
      total: found.total,
      page: params.data.page,
      pageSize: params.data.pageSize,
      replies: found.replies.map((r) => replyJson(r, u, deps.pipeline.deadline)),
    });
  });
  return app;
}
