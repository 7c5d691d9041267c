import { Hono } from 'hono';
import { z } from 'zod';
import { applyReviewChange, type ReviewChange } from '../../store/review-changes.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { taxonomyOptions } from '../views/taxonomy-labels.ts';
import { mergeWithNext, splitPassage } from '../../store/passage-split.ts';

const Dimension = z.enum(['item', 'topic', 'stance']);
const ChangeBody = z.object({
  version: z.number().int().min(0),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('set'), dimension: Dimension, label: z.string().min(1).max(100) }),
    z.object({ kind: z.literal('remove'), dimension: Dimension, label: z.string().min(1).max(100) }),
    z.object({ kind: z.literal('accept') }),
    z.object({ kind: z.literal('confirm'), dimension: Dimension }),
    z.object({ kind: z.literal('boilerplate'), value: z.boolean() }),
  ]),
});

const Change = ChangeBody.shape.change;
const BulkBody = z.object({
  ids: z
    .array(z.string().regex(/^psg_[0-9a-f]+$/))
    .min(1)
    .max(500),
  change: Change,
});
const SplitBody = z.object({ version: z.number().int().min(0), at: z.number().int().min(1) });
const MergeBody = z.object({ version: z.number().int().min(0) });

/** JSON API the reply view's script calls; every change is validated against the pipeline's taxonomy. */
export function passageApiRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const options = taxonomyOptions(deps.pipeline.taxonomy);

  app.post('/api/passages/:id/changes', async (c) => {
    const body = ChangeBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'invalid change', issues: body.error.issues }, 400);
    const change: ReviewChange = body.data.change;
    // Removing a label that is not in the taxonomy (an old one, after a renumbering) must stay possible.
    if (change.kind === 'set' && !options[change.dimension].some((o) => o.id === change.label))
      return c.json({ error: `unknown ${change.dimension} "${change.label}"` }, 400);
    const username = c.get('user')?.username ?? '?';
    const result = await applyReviewChange(deps.db, c.req.param('id'), body.data.version, username, change);
    if (result.ok) {
      deps.logger.info(
        {
          event: 'web.passage_reviewed',
          component: 'web',
          passageId: c.req.param('id'),
          user: username,
          change: change.kind,
        },
        'passage reviewed',
      );
      return c.json({ ok: true, version: result.version });
    }
    if (result.reason === 'not_found') return c.json({ error: 'passage not found' }, 404);
    return c.json(
      {
        error: 'conflict',
        message: `Inzwischen von ${result.reviewedBy ?? 'jemand anderem'} geändert.`,
        version: result.version,
        reviewedBy: result.reviewedBy,
      },
      409,
    );
  });

  /** One action on many passages (the list view's selection); each is applied under its own current version. */
  app.post('/api/passages/bulk', async (c) => {
    const body = BulkBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'invalid bulk action', issues: body.error.issues }, 400);
    const change: ReviewChange = body.data.change;
    if (change.kind === 'set' && !options[change.dimension].some((o) => o.id === change.label))
      return c.json({ error: `unknown ${change.dimension} "${change.label}"` }, 400);
    const username = c.get('user')?.username ?? '?';
    let applied = 0;
    const failed: string[] = [];
    for (const id of body.data.ids) {
      const [row] = await deps.db.query<{ version: number }>(
        'SELECT coalesce(r.version, 0) AS version FROM passages p LEFT JOIN passage_reviews r ON r.passage_id = p.id WHERE p.id = $1',
        [id],
      );
      const result = row ? await applyReviewChange(deps.db, id, row.version, username, change) : null;
      if (result?.ok) applied++;
      else failed.push(id);
    }
    deps.logger.info(
      {
        event: 'web.bulk_review',
        component: 'web',
        user: username,
        change: change.kind,
        applied,
        failed: failed.length,
      },
      'bulk review',
    );
    return c.json({ ok: failed.length === 0, applied, failed });
  });

  app.post('/api/passages/:id/split', async (c) => {
    const body = SplitBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'invalid split', issues: body.error.issues }, 400);
    const r = await splitPassage(
      deps.db,
      c.req.param('id'),
      body.data.at,
      body.data.version,
      c.get('user')?.username ?? '?',
    );
    return r.ok
      ? c.json({ ok: true, ids: r.ids })
      : c.json({ error: r.reason }, r.reason === 'not_found' ? 404 : r.reason === 'conflict' ? 409 : 400);
  });

  app.post('/api/passages/:id/merge-next', async (c) => {
    const body = MergeBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: 'invalid merge', issues: body.error.issues }, 400);
    const r = await mergeWithNext(deps.db, c.req.param('id'), body.data.version, c.get('user')?.username ?? '?');
    return r.ok
      ? c.json({ ok: true, ids: [r.ids[0]] })
      : c.json({ error: r.reason }, r.reason === 'not_found' ? 404 : r.reason === 'conflict' ? 409 : 400);
  });

  return app;
}
