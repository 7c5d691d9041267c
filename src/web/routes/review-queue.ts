import { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../deps.ts';
import { passageRowsOf, type CachedDeps } from '../search/workspace-cache.ts';
import { itemShortTitler, itemTitler } from '../exports/load-passage-rows.ts';
import type { PassageRow } from '../exports/passage-rows.ts';
import { reviewQueuePage, type Progress } from '../views/review-queue.ts';
import { pageContext } from './page-context.ts';

/**
 * Open: content the classifier marked for review (its weakest tag below the pipeline's reviewThreshold) that nobody
 * reviewed yet — the same rule as the inbox's count and the reply view's "next uncertain".
 */
export const isOpen = (r: PassageRow): boolean => !r.boilerplate && !r.reviewed && r.needsReview;

export function reviewQueueRoutes(deps: CachedDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/review-queue', async (c) => {
    const rows = (await passageRowsOf(deps)).filter((r) => !r.boilerplate);
    const title = itemTitler(deps);
    const open = rows.filter(isOpen).sort((a, b) => a.confidence - b.confidence);
    const progress = (key: string, label: string, href: string, of: PassageRow[]): Progress => ({
      key,
      label,
      href,
      reviewed: of.filter((r) => r.reviewed).length,
      total: of.length,
    });
    const messages = [...new Set(rows.map((r) => r.messageId))];
    const byReply = messages.map((m) => {
      const of = rows.filter((r) => r.messageId === m);
      const names = [...new Set(of.map((r) => r.respondent))].join(', ');
      return progress(m, names, `/replies/${m}`, of);
    });
    const byItem = deps.pipeline.taxonomy.items
      .map((i) =>
        progress(
          i.id,
          title(i.id),
          `/synopsis/${i.id}`,
          rows.filter((r) => r.items.includes(i.id)),
        ),
      )
      .filter((p) => p.total > 0);
    return c.html(
      reviewQueuePage(pageContext(c, deps), {
        open,
        byReply,
        byItem,
        itemTitle: title,
        itemShort: itemShortTitler(deps),
      }),
    );
  });
  return app;
}
