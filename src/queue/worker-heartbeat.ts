import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../core/logger.ts';
import type { Queryable } from '../store/db.ts';

/** This process's name in document claims and heartbeats: unique per start, readable in the database. */
export const WORKER_ID = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/** Well inside HEARTBEAT_STALE_SECONDS (store/documents.ts), so a busy but live process never looks dead. */
const BEAT_MS = 5_000;

/**
 * Touches this process's heartbeat row while its workers run. A document claim is live as long as its process
 * beats: the requeue sweep leaves such documents alone, and a claim of a process killed with SIGKILL lapses within
 * seconds instead of blocking the re-run (docs/reliability.md, classes 2 and 10).
 */
export function startHeartbeat(db: Queryable, logger: Logger): { stop(): Promise<void> } {
  const beat = () =>
    db
      .query(
        `INSERT INTO worker_heartbeats (worker_id) VALUES ($1) ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
        [WORKER_ID],
      )
      .catch((err: unknown) => logger.warn({ err, event: 'heartbeat_failed' }, 'worker heartbeat not written'));
  void beat();
  const timer = setInterval(() => void beat(), BEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await db.query(`DELETE FROM worker_heartbeats WHERE worker_id = $1`, [WORKER_ID]).catch(() => undefined);
    },
  };
}
