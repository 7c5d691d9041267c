import { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../deps.ts';
import { itemTitler, loadPassageRows } from '../exports/load-passage-rows.ts';
import { loadReplyUnits } from '../respondents/load-reply-units.ts';
import { coveragePage, type CoverageRow } from '../views/coverage.ts';
import { pageContext } from './page-context.ts';

export function coverageRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/coverage', async (c) => {
    const land = c.req.query('land')?.toUpperCase() || null;
    const [rows, units] = await Promise.all([loadPassageRows(deps), loadReplyUnits(deps)]);
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
        const dates = mine
          .map((u) => u.sentAt)
          .filter((d): d is Date => d !== null)
          .map((d) => new Date(d));
        return {
          respondent,
          repliedAt: mine.length ? (dates.sort((a, b) => a.getTime() - b.getTime())[0] ?? new Date(0)) : null,
          messageIds: [...new Set(mine.map((u) => u.messageId))],
          counts,
          nilReturn: mine.length > 0 && counts.size === 0,
        };
      });
    return c.html(coveragePage(pageContext(c, deps), { rows: matrix, items, lands, land }));
  });
  return app;
}
