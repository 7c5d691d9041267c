import type { BlockList } from 'node:net';
import type { Pipeline } from '../config/pipeline.ts';
import type { Logger } from '../core/logger.ts';
import type { Db } from '../store/db.ts';
import type { SessionUser } from '../store/review-sessions.ts';
import type { StageQueues } from '../queue/queues.ts';
import type { LoginLimiter } from './auth/rate-limit.ts';
import type { Respondent } from './respondents/respondent.ts';
import type { Predictor } from '../reprocess/predict-item-tags.ts';

/** What the web app needs from the composed process; tests build it from their own database and queues. */
export interface WebDeps {
  db: Db;
  queues: StageQueues;
  logger: Logger;
  pipeline: Pipeline;
  respondents: readonly Respondent[];
  metricsToken: string | undefined;
  limiter: LoginLimiter;
  /** For dry runs of a re-extraction from the admin page (the process's isolated extractor); absent in tests. */
  predictor?: Predictor | undefined;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); null: the socket's address is the client's. */
  trustedProxies?: BlockList | null;
}

/** Hono context variables set by the middleware. */
export interface WebEnv {
  Variables: {
    user: SessionUser | null;
    /** sha256 of the session cookie, to end the session on logout. */
    sessionHash: string | null;
    /** How the user was recognised: the session cookie, or a bearer API token (/api and /export only). */
    authVia: 'session' | 'token' | null;
    /** Per-response nonce; the CSP allows only scripts that carry it (and our own static files). */
    nonce: string;
  };
}
