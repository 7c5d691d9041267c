import { Hono } from 'hono';
import { z } from 'zod';
import { diffTags } from '../../classify/diff-tags.ts';
import { enqueueReprocess } from '../../reprocess/enqueue-reprocess.ts';
import { currentItemTags, predictItemTags } from '../../reprocess/predict-item-tags.ts';
import { selectMessagesForReprocess } from '../../store/reprocessing.ts';
import { migrateReviewerTags } from '../../store/taxonomy-migration.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { reprocessPage, type ReprocessOutcome } from '../views/admin-reprocess.ts';
import { pageContext } from './page-context.ts';

const Form = z.object({
  stage: z.enum(['extract', 'classify']),
  failed: z.literal('on').optional(),
  since: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).default(''),
  mode: z.enum(['dry-run', 'run']),
});

/**
 * Reprocessing for admins (the gate demands the role under /admin): the same selection, dry run and enqueueing as
 * `ruecklauf reprocess`. Progress shows in the inbox's queue counts and states.
 */
export function adminReprocessRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const csrf = (c: { get(k: 'user'): { csrfToken: string } | null }) => c.get('user')?.csrfToken ?? '';

  app.get('/admin/reprocess', (c) =>
    c.html(reprocessPage(pageContext(c, deps), { csrf: csrf(c), canPredict: Boolean(deps.predictor) })),
  );

  app.post('/admin/reprocess', async (c) => {
    const form = Form.safeParse(await c.req.parseBody());
    if (!form.success) return c.json({ error: 'invalid reprocess form', issues: form.error.issues }, 400);
    const { stage, failed, since, mode } = form.data;
    const selected = await selectMessagesForReprocess(deps.db, {
      pipelineId: deps.pipeline.id,
      failedOnly: failed === 'on',
      since: since ? new Date(since) : null,
      messageId: null,
    });
    const ids = selected.map((m) => m.id);
    const migration = await migrateReviewerTags(deps.db, deps.pipeline.id, deps.pipeline.taxonomy, mode === 'dry-run');
    let outcome: ReprocessOutcome;
    if (mode === 'run') {
      await enqueueReprocess(deps, ids, stage);
      deps.logger.info(
        { event: 'web.reprocess_started', user: c.get('user')?.username, stage, messages: ids.length },
        'reprocess started from the web',
      );
      outcome = { mode, stage, messages: ids.length, migration };
    } else if (!deps.predictor) {
      outcome = { mode, stage, messages: ids.length, migration, changes: null };
    } else {
      const before = [];
      const after = [];
      for (const id of ids) {
        before.push(...(await currentItemTags(deps.db, id)));
        after.push(...(await predictItemTags(deps.predictor, deps.pipeline, id, stage)));
      }
      outcome = { mode, stage, messages: ids.length, migration, changes: diffTags(before, after) };
    }
    return c.html(reprocessPage(pageContext(c, deps), { csrf: csrf(c), canPredict: Boolean(deps.predictor), outcome }));
  });
  return app;
}
