import { Hono } from 'hono';
import { z } from 'zod';
import { listAssessments, saveAssessment } from '../../store/assessments.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { loadSynopsis } from '../exports/synopsis/load-synopsis.ts';
import { parseSynopsisOptions, synopsisQuery } from '../exports/synopsis/options.ts';
import { badOptions, requestSynopsisOptions } from '../exports/synopsis/request-options.ts';
import { stanceChart } from '../exports/synopsis/stance-chart.ts';
import { assessmentConflictPage, synopsisIndexPage, synopsisItemPage } from '../views/synopsis.ts';
import { pageContext } from './page-context.ts';

const AssessmentForm = z.object({
  kind: z.enum(['item', 'passage']),
  target: z.string().min(1).max(200),
  item: z.string().min(1).max(100),
  version: z.coerce.number().int().min(0),
  text: z.string().max(5000, 'at most 5,000 characters'),
  query: z.string().max(2000).default(''),
});

export function synopsisRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const itemIds = new Set(deps.pipeline.taxonomy.items.map((i) => i.id));
  const known = { lands: [...new Set(deps.respondents.map((r) => r.landCode))], items: [...itemIds] };
  const lands = [...new Map(deps.respondents.map((r) => [r.landCode, r.land])).entries()]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));

  app.get('/synopsis', async (c) => {
    const parsed = requestSynopsisOptions(c, deps);
    if (!parsed.ok) return badOptions(c, parsed);
    const model = await loadSynopsis(deps, parsed.options, { merge: false });
    return c.html(synopsisIndexPage(pageContext(c, deps), model, lands));
  });

  // Before /synopsis/:item, which would take "chart.png" for an item id.
  app.get('/synopsis/chart.png', async (c) => {
    const parsed = requestSynopsisOptions(c, deps);
    if (!parsed.ok) return badOptions(c, parsed);
    const { png } = stanceChart(await loadSynopsis(deps, parsed.options, { merge: false }), deps.pipeline.taxonomy);
    return c.body(new Uint8Array(png), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, no-store' });
  });

  app.post('/synopsis/assessment', async (c) => {
    const user = c.get('user');
    if (user?.role !== 'admin') return c.text('Bewertungen schreiben nur Administratoren.', 403);
    const form = AssessmentForm.safeParse(await c.req.parseBody());
    if (!form.success) {
      const issue = form.error.issues[0];
      return c.text(`Ungültige Eingabe (${String(issue?.path[0] ?? '?')}): ${issue?.message ?? ''}`, 400);
    }
    const f = form.data;
    if (!itemIds.has(f.item) || (f.kind === 'item' && f.target !== f.item)) return c.text('Unbekannte Nummer', 400);
    if (f.kind === 'passage') {
      // Only a passage of this consultation: an id from another pipeline's replies is as unknown as a made-up one.
      const found = await deps.db.query(
        'SELECT 1 FROM passages p JOIN messages m ON m.id = p.message_id WHERE p.id = $1 AND m.pipeline_id = $2',
        [f.target, deps.pipeline.id],
      );
      if (found.length === 0) return c.text('Unbekannte Passage', 404);
    }
    const result = await saveAssessment(deps.db, {
      pipelineId: deps.pipeline.id,
      kind: f.kind,
      targetId: f.target,
      text: f.text,
      expectedVersion: f.version,
      username: user.username,
    });
    if (!result.ok) {
      const current = (await listAssessments(deps.db, deps.pipeline.id)).find(
        (a) => a.kind === f.kind && a.targetId === f.target,
      );
      c.status(409);
      return c.html(
        assessmentConflictPage(pageContext(c, deps), {
          itemId: f.item,
          updatedBy: result.updatedBy,
          current: current?.text ?? '',
          yours: f.text,
        }),
      );
    }
    deps.logger.info(
      {
        event: 'web.assessment_saved',
        component: 'web',
        user: user.username,
        kind: f.kind,
        target: f.target,
        version: result.version,
      },
      'assessment saved',
    );
    // Back to the same view: the options are parsed and written anew, so nothing but them reaches the Location.
    const back = parseSynopsisOptions(Object.fromEntries(new URLSearchParams(f.query.replace(/^\?/, ''))), known);
    const query = back.ok ? synopsisQuery(back.options) : '';
    return c.redirect(
      `/synopsis/${encodeURIComponent(f.item)}${query}#a-${f.kind}-${encodeURIComponent(f.target)}`,
      303,
    );
  });

  app.get('/synopsis/:item', async (c) => {
    const parsed = requestSynopsisOptions(c, deps);
    if (!parsed.ok) return badOptions(c, parsed);
    const ids = deps.pipeline.taxonomy.items.map((i) => i.id);
    const i = ids.indexOf(c.req.param('item'));
    if (i < 0) return c.notFound();
    // One item, in the context of the chosen Länder and review state; merging only its statements keeps it quick.
    const model = await loadSynopsis(deps, { ...parsed.options, items: [ids[i] ?? ''] });
    const item = model.items[0];
    if (!item) return c.notFound();
    return c.html(synopsisItemPage(pageContext(c, deps), model, item, ids[i - 1] ?? null, ids[i + 1] ?? null));
  });
  return app;
}
