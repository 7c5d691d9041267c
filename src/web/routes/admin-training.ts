import { Hono } from 'hono';
import { requestRetraining, trainQueueBeside } from '../../queue/train-queue.ts';
import { listTrainingRuns } from '../../store/training-runs.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { trainingPage } from '../views/admin-training.ts';
import { pageContext } from './page-context.ts';

/** Retraining for admins (the gate demands the role under /admin): the runs, and a request that a worker trains. */
export function adminTrainingRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const queue = trainQueueBeside(deps.queues);
  const csrf = (c: { get(k: 'user'): { csrfToken: string } | null }) => c.get('user')?.csrfToken ?? '';

  app.get('/admin/training', async (c) =>
    c.html(
      trainingPage(pageContext(c, deps), { csrf: csrf(c), runs: await listTrainingRuns(deps.db, deps.pipeline.id) }),
    ),
  );

  app.post('/admin/training', async (c) => {
    const requestedBy = c.get('user')?.username ?? null;
    const requested = await requestRetraining(queue, { pipelineId: deps.pipeline.id, reason: 'admin', requestedBy });
    deps.logger.info(
      { event: 'web.retrain_requested', user: requestedBy, runId: requested },
      'retraining requested from the web',
    );
    const runs = await listTrainingRuns(deps.db, deps.pipeline.id);
    return c.html(trainingPage(pageContext(c, deps), { csrf: csrf(c), runs, requested }));
  });
  return app;
}
