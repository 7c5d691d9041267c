import { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../deps.ts';
import { passageRowsOf, replyUnitsOf, type CachedDeps } from '../search/workspace-cache.ts';
import { itemTitler } from '../exports/load-passage-rows.ts';
import type { ReplyUnit } from '../respondents/resolve-respondents.ts';
import { coveragePage, type CoverageRow } from '../views/coverage.ts';
import { pageContext } from './page-context.ts';

/**
 * One link per mail, each with its own date (the earliest of the county's units inside that mail), oldest first.
 * Every mail used to carry the county's first date, so a second reply looked as early as the first.
 */
export function repliesOf(
  units: readonly Pick<ReplyUnit, 'messageId' | 'sentAt'>[],
): { messageId: string; date: Date | null }[] {
  const byMessage = new Map<string, Date | null>();
  for (const u of units) {
    const date = u.sentAt ? new Date(u.sentAt) : null;
    const known = byMessage.get(u.messageId);
    if (!byMessage.has(u.messageId) || (date && (!known || date < known))) byMessage.set(u.messageId, date);
  }
  return [...byMessage.entries()]
    .map(([messageId, date]) => ({ messageId, date }))
    .sort((a, b) => (a.date?.getTime() ?? Infinity) - (b.date?.getTime() ?? Infinity));
}

export function coverageRoutes(deps: CachedDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/coverage', async (c) => {
    const land = c.req.query('land')?.toUpperCase() || null;
    const [rows, units] = await Promise.all([passageRowsOf(deps), replyUnitsOf(deps)]);
    const title = itemTitler(deps);
    const groupNumber = new Map(deps.pipeline.taxonomy.groups.map((g) => [g.id, g.number ?? g.id]));
    const items = deps.pipeline.taxonomy.items.map((i) => ({
      ...i,
      short: `${groupNumber.get(i.group) ?? i.group}.${i.number}`,
      title: title(i.id),
    }));
    const lands = [...new Map(deps.respondents.map((r) => [r.landCode, r.land])).entries()].map(([code, name]) => ({
      code,
      name,
    }));
    const content = rows.filter((r) => !r.boilerplate && r.ags);
    const matrix: CoverageRow[] = deps.respondents
      .filter((r) => !land || r.landCode === land)
      .map((respondent) => {
        // A reply counts when any mail (or forwarded mail) is attributed to the county, whatever it says.
        const mine = units.units.filter((u) => u.respondent?.ags === respondent.ags);
        const counts = new Map<string, number>();
        for (const row of content.filter((x) => x.ags === respondent.ags))
          for (const item of row.items) counts.set(item, (counts.get(item) ?? 0) + 1);
        const replies = repliesOf(mine);
        return {
          respondent,
          repliedAt: replies.length ? (replies[0]?.date ?? new Date(0)) : null,
          replies,
          counts,
          nilReturn: mine.length > 0 && counts.size === 0,
        };
      });
    return c.html(coveragePage(pageContext(c, deps), { rows: matrix, items, lands, land }));
  });
  return app;
}
