import { mailboxKey, type MailboxConfig } from '../../config/mailbox.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { imapConnectionState } from '../../ops/metrics.ts';
import { backoffDelay, sleep } from './backoff.ts';
import {
  DEFAULT_TUNING,
  emptyStats,
  type ListenerDeps,
  type ListenerState,
  type ListenerStats,
  type ListenerTuning,
} from './listener-types.ts';
import { RedisLock } from './lock.ts';
import { runSession } from './session.ts';
import { Waker } from './waker.ts';

export { DEFAULT_TUNING };
export type { ListenerDeps, ListenerState, ListenerStats, ListenerTuning };

/**
 * Watches one IMAP folder for one pipeline: the connection lifecycle. Only the holder of the mailbox's Redis lock
 * works; others stand by and retry. Each session (session.ts) ends on any failure — IMAP, Redis or PostgreSQL — and
 * the next starts after exponential backoff with jitter, resuming from the ledger. Every state change is logged and
 * exported as the `ruecklauf_imap_connected` gauge.
 */
export class MailboxListener {
  readonly mailbox: string;
  private state: ListenerState = 'idle';
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly waker = new Waker();
  private readonly tuning: ListenerTuning;
  private readonly log: Logger;
  readonly stats: ListenerStats = emptyStats();
  private readonly stateListeners = new Set<(s: ListenerState) => void>();

  constructor(
    private readonly cfg: MailboxConfig,
    private readonly deps: ListenerDeps,
    tuning: Partial<ListenerTuning> = {},
  ) {
    this.mailbox = mailboxKey(cfg);
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.log = deps.logger.child({ component: 'imap', mailbox: this.mailbox, pipeline: cfg.pipelineId });
    imapConnectionState.set({ mailbox: this.mailbox }, 0);
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
      this.log.error({ event: 'imap.listener_crashed', err: describeError(err) }, 'listener loop crashed');
      this.setState('stopped');
    });
  }

  /** Stops fetching (the mail in hand is finished), logs out, releases the lock. */
  async stop(): Promise<void> {
    if (!this.abort.signal.aborted) {
      this.setState('stopping');
      this.abort.abort();
      this.waker.wake();
    }
    await this.loop;
  }

  /** Makes a running session sweep now (tests, and `exists` events). */
  kick(): void {
    this.waker.wake();
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** `again`: a repeated backoff is a new attempt, logged and reported like a change, so no retry goes unseen. */
  private setState(s: ListenerState, fields: Record<string, unknown> = {}, again = false): void {
    if (this.state === s && !again) return;
    const from = this.state;
    this.state = s;
    imapConnectionState.set({ mailbox: this.mailbox }, s === 'running' ? 1 : 0);
    this.log.info({ event: 'imap.listener_state', from, to: s, ...fields }, `listener ${s}`);
    for (const fn of this.stateListeners) fn(s);
  }

  private async backoff(attempt: number, fields: Record<string, unknown>): Promise<void> {
    const delay = backoffDelay(attempt, this.tuning.backoffBaseMs, this.tuning.backoffMaxMs);
    this.setState('backoff', { attempt, delayMs: delay, ...fields }, true);
    await sleep(delay, this.abort.signal);
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
          this.log.warn({ event: 'imap.lock_lost', reason }, 'mailbox lock lost: stopping this session');
          this.waker.wake();
        });
      } catch (err) {
        // Redis down or full (noeviction refuses the SET): nothing can be queued either, so wait like for IMAP.
        await this.backoff(++attempt, { endedBy: 'redis', err: describeError(err) });
        continue;
      }
      if (!acquired) {
        this.setState('standby', { retryMs: this.tuning.standbyRetryMs });
        await sleep(this.tuning.standbyRetryMs, this.abort.signal);
        continue;
      }
      const started = Date.now();
      let endedBy = 'stop';
      let error: string | undefined;
      try {
        this.setState('connecting');
        endedBy = await runSession({
          cfg: this.cfg,
          deps: this.deps,
          tuning: this.tuning,
          log: this.log,
          stats: this.stats,
          signal: this.abort.signal,
          waker: this.waker,
          lockLost: () => lockLost,
          onRunning: (fields) => this.setState('running', fields),
        });
      } catch (err) {
        endedBy = 'error';
        error = describeError(err);
        this.log.warn({ event: 'imap.session_failed', err: error }, 'IMAP session failed');
      } finally {
        await lock.release();
      }
      if (this.stopping) break;
      if (Date.now() - started >= this.tuning.healthySessionMs) attempt = 0;
      this.stats.reconnects++;
      await this.backoff(++attempt, error === undefined ? { endedBy } : { endedBy, err: error });
    }
    this.setState('stopped');
  }
}
