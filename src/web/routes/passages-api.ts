import { Hono } from 'hono';
import { z } from 'zod';
import { applyReviewChange, type ReviewChange } from '../../store/review-changes.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { taxonomyOptions } from '../views/taxonomy-labels.ts';

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
        { component: 'web', passageId: c.req.param('id'), user: username, change: change.kind },
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

  return app;
}
