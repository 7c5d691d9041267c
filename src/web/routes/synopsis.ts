import { Hono } from 'hono';
import type { WebEnv } from '../deps.ts';
import { itemTitler } from '../exports/load-passage-rows.ts';
import { passageRowsOf, type CachedDeps } from '../search/workspace-cache.ts';
import { buildSynopsis } from '../exports/passage-rows.ts';
import { synopsisIndexPage, synopsisItemPage } from '../views/synopsis.ts';
import { pageContext } from './page-context.ts';

export function synopsisRoutes(deps: CachedDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const load = async () => buildSynopsis(await passageRowsOf(deps), deps.pipeline.taxonomy, itemTitler(deps));

  app.get('/synopsis', async (c) => c.html(synopsisIndexPage(pageContext(c, deps), await load())));

  app.get('/synopsis/:item', async (c) => {
    const items = await load();
    const i = items.findIndex((x) => x.id === c.req.param('item'));
    const item = items[i];
    if (!item) return c.notFound();
    return c.html(synopsisItemPage(pageContext(c, deps), item, items[i - 1]?.id ?? null, items[i + 1]?.id ?? null));
  });
  return app;
}
