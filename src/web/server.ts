import type { BlockList } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import type { Pipeline } from '../config/pipeline.ts';
import type { Logger } from '../core/logger.ts';
import type { Predictor } from '../reprocess/predict-item-tags.ts';
import type { Db } from '../store/db.ts';
import { deleteExpiredSessions } from '../store/review-sessions.ts';
import type { StageQueues } from '../queue/queues.ts';
import { createWebApp } from './app.ts';
import type { WebEnv } from './deps.ts';
import { createLoginLimiter } from './auth/rate-limit.ts';
import { loadRespondents } from './respondents/load-respondents.ts';

export interface RunningWebServer {
  port: number;
  /** The Hono app, for in-process requests and route listings (tests). */
  app: Hono<WebEnv>;
  close(): Promise<void>;
}

export interface WebServerOptions {
  db: Db;
  queues: StageQueues;
  logger: Logger;
  pipeline: Pipeline;
  port: number;
  host?: string;
  metricsToken: string | undefined;
  predictor?: Predictor | undefined;
  trustedProxies?: BlockList | null;
}

/** Starts the review workspace on a port (0 = any free one) and sweeps expired sessions hourly. */
export async function startWebServer(o: WebServerOptions): Promise<RunningWebServer> {
  const logger = o.logger.child({ component: 'web' });
  const app = createWebApp({
    db: o.db,
    queues: o.queues,
    logger,
    pipeline: o.pipeline,
    respondents: await loadRespondents(o.pipeline.dir),
    metricsToken: o.metricsToken,
    limiter: createLoginLimiter(),
    predictor: o.predictor,
    trustedProxies: o.trustedProxies ?? null,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host ?? '0.0.0.0' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const sweep = setInterval(() => {
    deleteExpiredSessions(o.db).catch((err: unknown) =>
      logger.warn({ event: 'web.session_sweep_failed', err }, 'session sweep failed'),
    );
  }, 3600_000);
  sweep.unref();
  logger.info({ event: 'web.listening', port, pipeline: o.pipeline.id }, 'review workspace listening');
  return {
    port,
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(sweep);
        server.close((err) => (err ? reject(err) : resolve()));
        // Idle keep-alive connections would hold close() open until they time out.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  };
}
