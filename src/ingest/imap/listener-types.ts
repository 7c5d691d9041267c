import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../store/db.ts';
import type { EnqueueMessage } from '../receive-mail.ts';

export type ListenerState = 'idle' | 'standby' | 'connecting' | 'running' | 'backoff' | 'stopping' | 'stopped';

export interface ListenerDeps {
  db: Db;
  /** Hands a stored mail to the pipeline (the queue's requeueMessage, bound by the composer). */
  enqueueNext: EnqueueMessage;
  /** For the per-mailbox lock; any connection (the producer's is fine). */
  redis: Redis;
  /** Key prefix for the lock (QUEUE_PREFIX), so separate deployments on one Redis don't block each other. */
  lockPrefix: string;
  logger: Logger;
  /** Where passwordEnv / accessTokenEnv are looked up (process.env in production). */
  secrets: NodeJS.ProcessEnv;
}

export interface ListenerTuning {
  lockTtlMs: number;
  /** How often a standby listener tries to take the lock. */
  standbyRetryMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A session that ran this long resets the backoff. */
  healthySessionMs: number;
  /** imapflow starts IDLE after this much quiet. */
  autoIdleDelayMs: number;
  /** Limit for LOGOUT at shutdown; then the socket is closed. */
  logoutTimeoutMs: number;
}

export const DEFAULT_TUNING: ListenerTuning = {
  lockTtlMs: 30_000,
  standbyRetryMs: 10_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  healthySessionMs: 30_000,
  autoIdleDelayMs: 1_000,
  logoutTimeoutMs: 5_000,
};

export interface ListenerStats {
  sessions: number;
  stored: number;
  duplicates: number;
  refused: number;
  skipped: number;
  acked: number;
  reconnects: number;
}

export const emptyStats = (): ListenerStats => ({
  sessions: 0,
  stored: 0,
  duplicates: 0,
  refused: 0,
  skipped: 0,
  acked: 0,
  reconnects: 0,
});
