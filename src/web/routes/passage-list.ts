import { Hono } from 'hono';
import { searchPassages } from '../../store/passage-search.ts';
import type { WebEnv } from '../deps.ts';
import { respondentLabel, unitOf } from '../respondents/load-reply-units.ts';
import { toPassageFilter } from '../search/resolve-filters.ts';
import { firstValues, paramError, passageParamsSchema } from '../search/search-params.ts';
import { replyUnitsOf, type CachedDeps } from '../search/workspace-cache.ts';
import { passageListPage } from '../views/passage-list.ts';
import { taxonomyOptions } from '../views/taxonomy-labels.ts';
import { pageContext } from './page-context.ts';

/** The passage list: the same search as GET /api/passages, as dense rows with a selection for bulk actions. */
export function passageListRoutes(deps: CachedDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const schema = passageParamsSchema(deps.pipeline.taxonomy, deps.respondents);
  const options = taxonomyOptions(deps.pipeline.taxonomy);
  const lands = [...new Map(deps.respondents.map((r) => [r.landCode, r.land])).entries()].sort();

  app.get('/passages', async (c) => {
    const values = firstValues(c.req.queries());
    const parsed = schema.safeParse(values);
    const params = parsed.success ? parsed.data : schema.parse({});
    const error = parsed.success
      ? null
      : (({ parameter, allowed }) => `Filter ${parameter}: ${allowed}`)(paramError(parsed.error));
    const units = await replyUnitsOf(deps);
    const found = await searchPassages(deps.db, toPassageFilter(deps.pipeline.id, params, units));
    const query = new URLSearchParams(values);
    query.delete('page');
    return c.html(
      passageListPage(pageContext(c, deps), {
        passages: found.passages,
        respondentOf: (p) => respondentLabel(unitOf(units, p.message_id, p.origin_path)),
        total: found.total,
        page: params.page,
        pageSize: params.pageSize,
        params: query,
        values,
        error,
        options,
        lands,
      }),
      error ? 400 : 200,
    );
  });
  return app;
}
