import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { gate } from './auth/gate.ts';
import { requireSameOrigin } from './auth/same-origin.ts';
import type { WebDeps, WebEnv } from './deps.ts';
import { adminQueuesApp, ADMIN_QUEUES_PATH } from './routes/admin-queues.ts';
import { adminReprocessRoutes } from './routes/admin-reprocess.ts';
import { adminTrainingRoutes } from './routes/admin-training.ts';
import { authRoutes, logoutRoute } from './routes/auth.ts';
import { exportRoutes } from './routes/exports.ts';
import { healthRoutes, metricsRoute } from './routes/ops.ts';
import { passageApiRoutes } from './routes/passages-api.ts';
import { argumentRoutes } from './routes/arguments.ts';
import { searchApiRoutes } from './routes/search-api.ts';
import { passageListRoutes } from './routes/passage-list.ts';
import { replyRoutes } from './routes/replies.ts';
import { replyRelationRoutes } from './routes/reply-relations.ts';
import { staticRoutes } from './routes/static.ts';
import { synopsisRoutes } from './routes/synopsis.ts';
import { reviewQueueRoutes } from './routes/review-queue.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { securityHeaders } from './security-headers.ts';
import { createWorkspaceCache, type CachedDeps, type WorkspaceCache } from './search/workspace-cache.ts';
import { loadSession, requireUser } from './auth/session.ts';

/** The review workspace: security headers and the login gate first, then one sub-app per screen. */
export function createWebApp(given: CachedDeps): Hono<WebEnv> {
  const deps: WebDeps & { cache: WorkspaceCache } = { ...given, cache: given.cache ?? createWorkspaceCache() };
  const app = new Hono<WebEnv>();
  app.use('*', securityHeaders());
  // Forms and tag changes are small; refusing big bodies early keeps a client from filling memory.
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Zu groß', 413) }));
  app.use('*', requireSameOrigin());
  app.use('*', loadSession(deps.db));
  app.use('*', gate());
  for (const routes of [
    healthRoutes(deps),
    metricsRoute(deps),
    staticRoutes(),
    authRoutes(deps),
    logoutRoute(deps),
    replyRoutes(deps),
    replyRelationRoutes(deps),
    passageApiRoutes(deps),
    argumentRoutes(deps),
    searchApiRoutes(deps),
    passageListRoutes(deps),
    synopsisRoutes(deps),
    exportRoutes(deps),
    reviewQueueRoutes(deps),
    coverageRoutes(deps),
    adminReprocessRoutes(deps),
    adminTrainingRoutes(deps),
  ])
    app.route('/', routes);
  // The gate already demands the admin role under /admin; this repeats it in the router's own terms of the path.
  app.use(ADMIN_QUEUES_PATH, requireUser(['admin']));
  app.use(`${ADMIN_QUEUES_PATH}/*`, requireUser(['admin']));
  app.route(ADMIN_QUEUES_PATH, adminQueuesApp(deps));
  app.notFound((c) => c.text('Nicht gefunden', 404));
  app.onError((err, c) => {
    deps.logger.error({ event: 'web.request_failed', component: 'web', err, path: c.req.path }, 'request failed');
    return c.text('Interner Fehler', 500);
  });
  return app;
}
