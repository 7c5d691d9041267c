import { Hono } from 'hono';
import { metricsRegistry, queueDepth } from '../../ops/metrics.ts';
import { safeEqual } from '../auth/session.ts';
import type { WebDeps, WebEnv } from '../deps.ts';

/** Liveness and readiness, public (they reveal nothing but "up"); readiness checks PostgreSQL and Redis. */
export function healthRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const [db, redis] = await Promise.all([
      deps.db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      // The producer connection fails fast while Redis is down; the timeout covers a hung connect.
      Promise.race([
        deps.queues.parse.getJobCounts('waiting').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
      ]),
    ]);
    return c.json({ ok: db && redis, db, redis }, db && redis ? 200 : 503);
  });
  return app;
}

/** A scraper with METRICS_TOKEN as bearer token, or a logged-in admin. */
export function metricsRoute(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/metrics', async (c) => {
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const byToken = deps.metricsToken !== undefined && bearer !== undefined && safeEqual(bearer, deps.metricsToken);
    const user = c.get('user');
    if (!byToken && user?.role !== 'admin')
      return c.json({ error: user ? 'admins only' : 'login or bearer token required' }, user ? 403 : 401);
    await sampleQueueDepth(deps);
    return c.text(await metricsRegistry.metrics(), 200, { 'Content-Type': metricsRegistry.contentType });
  });
  return app;
}

async function sampleQueueDepth(deps: WebDeps): Promise<void> {
  for (const [stage, queue] of Object.entries(deps.queues)) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => null);
    if (!counts) continue;
    for (const [state, n] of Object.entries(counts)) queueDepth.set({ stage, state }, n);
  }
}
