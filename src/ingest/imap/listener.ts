import type { ImapFlow } from 'imapflow';
import type { Redis } from 'ioredis';
import { mailboxKey, type MailboxConfig } from '../../config/mailbox.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../store/db.ts';
import { lastLedgerUid, markStaleAcksLost, otherUidvalidities } from '../../store/ledger.ts';
import type { StageQueues } from '../../queue/queues.ts';
import { backoffDelay, sleep, withTimeout } from './backoff.ts';
import { connectMailbox } from './connect.ts';
import { RedisLock } from './lock.ts';
import { ackDue, ensureAckFolders, ingestUids, searchNewUids, type MailboxOps } from './mailbox-ops.ts';

export type ListenerState = 'idle' | 'standby' | 'connecting' | 'running' | 'backoff' | 'stopping' | 'stopped';

export interface ListenerDeps {
  db: Db;
  queues: StageQueues;
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

/**
 * Watches one IMAP folder for one pipeline. Only the holder of the mailbox's Redis lock works; others stand by and
 * retry. New mail is noticed through IDLE (imapflow's auto-IDLE, 'exists' events) and a periodic UID sweep from
 * the ledger's highest UID; a watchdog NOOP with a timeout notices a silent connection. Every failure ends the
 * session; the next one starts after exponential backoff with jitter and resumes from the ledger.
 */
export class MailboxListener {
  readonly mailbox: string;
  private state: ListenerState = 'idle';
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly tuning: ListenerTuning;
  private readonly log: Logger;
  readonly stats: ListenerStats = { sessions: 0, stored: 0, duplicates: 0, refused: 0, skipped: 0, acked: 0, reconnects: 0 };
  private readonly stateListeners = new Set<(s: ListenerState) => void>();

  constructor(
    private readonly cfg: MailboxConfig,
    private readonly deps: ListenerDeps,
    tuning: Partial<ListenerTuning> = {},
  ) {
    this.mailbox = mailboxKey(cfg);
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.log = deps.logger.child({ component: 'imap', mailbox: this.mailbox, pipeline: cfg.pipelineId });
  }

  get currentState(): ListenerState {
    return this.state;
  }

  /** Calls fn on every state change; returns an unsubscribe function. */
  onState(fn: (s: ListenerState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run().catch((err: unknown) => {
      this.log.error({ err: describeError(err) }, 'listener loop crashed');
      this.setState('stopped');
    });
  }

  /** Stops fetching (the mail in hand is finished), logs out, releases the lock. */
  async stop(): Promise<void> {
    if (!this.abort.signal.aborted) {
      this.setState('stopping');
      this.abort.abort();
      this.wake?.();
    }
    await this.loop;
  }

  /** Makes a running session sweep now (tests, and `exists` events). */
  kick(): void {
    this.wake?.();
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private setState(s: ListenerState, fields: Record<string, unknown> = {}): void {
    if (this.state === s) return;
    const from = this.state;
    this.state = s;
    this.log.info({ from, to: s, ...fields }, `listener ${s}`);
    for (const fn of this.stateListeners) fn(s);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    const lockKey = `${this.deps.lockPrefix}:imap-lock:${this.mailbox}`;
    while (!this.stopping) {
      const lock = new RedisLock(this.deps.redis, lockKey, this.tuning.lockTtlMs);
      let lockLost: string | null = null;
      let acquired = false;
      try {
        acquired = await lock.tryAcquire((reason) => {
          lockLost = reason;
          this.log.warn({ reason }, 'mailbox lock lost: stopping this session');
          this.wake?.();
        });
      } catch (err) {
        attempt++;
        const delay = backoffDelay(attempt, this.tuning.backoffBaseMs, this.tuning.backoffMaxMs);
        this.setState('backoff', { endedBy: 'redis', attempt, delayMs: delay, err: describeError(err) });
        await sleep(delay, this.abort.signal);
        continue;
      }
      if (!acquired) {
        this.setState('standby', { retryMs: this.tuning.standbyRetryMs });
        await sleep(this.tuning.standbyRetryMs, this.abort.signal);
        continue;
      }
      const started = Date.now();
      let endedBy = 'stop';
      try {
        endedBy = await this.session(() => lockLost);
      } catch (err) {
        endedBy = 'error';
        this.log.warn({ err: describeError(err) }, 'IMAP session failed');
      } finally {
        await lock.release();
      }
      if (this.stopping) break;
      if (Date.now() - started >= this.tuning.healthySessionMs) attempt = 0;
      attempt++;
      this.stats.reconnects++;
      const delay = backoffDelay(attempt, this.tuning.backoffBaseMs, this.tuning.backoffMaxMs);
      this.setState('backoff', { endedBy, attempt, delayMs: delay });
      await sleep(delay, this.abort.signal);
    }
    this.setState('stopped');
  }

  /** One connection: returns why it ended ('stop', 'closed', 'lock-lost'); throws on IMAP/database errors. */
  private async session(lockLost: () => string | null): Promise<string> {
    this.setState('connecting');
    this.stats.sessions++;
    const client = await connectMailbox(this.cfg, this.deps.secrets, {
      autoIdleDelayMs: this.tuning.autoIdleDelayMs,
      signal: this.abort.signal,
    });
    let closed = false;
    let newMail = true;
    client.on('close', () => {
      closed = true;
      this.wake?.();
    });
    client.on('exists', () => {
      newMail = true;
      this.wake?.();
    });
    try {
      await ensureAckFolders(client, this.cfg);
      const box = await client.mailboxOpen(this.cfg.folder);
      const uidvalidity = box.uidValidity.toString();
      const previous = await otherUidvalidities(this.deps.db, this.mailbox, uidvalidity);
      const lost = previous.length > 0 ? await markStaleAcksLost(this.deps.db, this.mailbox, uidvalidity) : 0;
      // Warn once: when this UIDVALIDITY is new to the ledger (or old acknowledgements were just written off).
      if (previous.length > 0 && (lost > 0 || (await lastLedgerUid(this.deps.db, this.mailbox, uidvalidity)) === 0)) {
        this.log.warn(
          { uidvalidity, previous, staleAcks: lost },
          'UIDVALIDITY changed: rescanning the folder (known mails map to their stored messages, nothing is duplicated)',
        );
      }
      this.setState('running', { uidvalidity, exists: box.exists });
      const ops: MailboxOps = {
        cfg: this.cfg,
        client,
        uidvalidity,
        db: this.deps.db,
        queues: this.deps.queues,
        logger: this.log,
        shouldContinue: () => !this.stopping && !closed && lockLost() === null,
      };
      let nextSweep = 0;
      let nextAck = 0;
      let nextWatchdog = Date.now() + this.cfg.watchdogIntervalMs;
      while (ops.shouldContinue()) {
        const now = Date.now();
        if (newMail || now >= nextSweep) {
          newMail = false;
          await this.sweep(ops);
          nextSweep = Date.now() + this.cfg.sweepIntervalMs;
          nextWatchdog = Date.now() + this.cfg.watchdogIntervalMs; // the sweep proved the connection alive
          continue;
        }
        if (now >= nextAck) {
          const acked = await ackDue(ops);
          this.stats.acked += acked.done + acked.failed;
          nextAck = Date.now() + this.cfg.ackIntervalMs;
          continue;
        }
        if (now >= nextWatchdog) {
          await this.watchdog(client);
          nextWatchdog = Date.now() + this.cfg.watchdogIntervalMs;
          continue;
        }
        await this.waitForWake(Math.min(nextSweep, nextAck, nextWatchdog) - now);
      }
      if (this.stopping) return 'stop';
      if (lockLost() !== null) return 'lock-lost';
      return 'closed';
    } finally {
      await this.closeClient(client, closed);
    }
  }

  private async sweep(ops: MailboxOps): Promise<void> {
    const last = await lastLedgerUid(ops.db, this.mailbox, ops.uidvalidity);
    // The search doubles as a liveness probe (it resets the watchdog), so it gets the watchdog's time limit.
    const uids = await withTimeout(searchNewUids(ops, last), this.cfg.watchdogTimeoutMs, 'UID SEARCH');
    if (uids.length === 0) return;
    this.log.info({ count: uids.length, afterUid: last }, 'new mails found');
    const c = await ingestUids(ops, uids);
    this.stats.stored += c.stored;
    this.stats.duplicates += c.duplicates;
    this.stats.refused += c.refused;
    this.stats.skipped += c.skipped;
    this.log.info({ ...c }, 'sweep done');
    if (c.refused > 0) {
      const acked = await ackDue(ops); // refused mails are flagged at once, they wait for nothing
      this.stats.acked += acked.done + acked.failed;
    }
  }

  /** A NOOP must come back in time; otherwise the connection is silently dead (IDLE would never tell). */
  private async watchdog(client: ImapFlow): Promise<void> {
    try {
      await withTimeout(client.noop(), this.cfg.watchdogTimeoutMs, 'watchdog NOOP');
    } catch (err) {
      this.log.warn({ err: describeError(err) }, 'watchdog: connection silent, reconnecting');
      client.close();
      throw err;
    }
  }

  private waitForWake(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const wake = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = wake;
    }).then(() => {
      this.wake = null;
    });
  }

  private async closeClient(client: ImapFlow, closed: boolean): Promise<void> {
    if (closed || !client.usable) {
      client.close();
      return;
    }
    try {
      await withTimeout(client.logout(), this.tuning.logoutTimeoutMs, 'LOGOUT');
    } catch {
      client.close();
    }
  }
}
