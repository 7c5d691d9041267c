import type { ImapFlow } from 'imapflow';
import { mailboxKey, type MailboxConfig } from '../../config/mailbox.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { lastLedgerUid, markStaleAcksLost, otherUidvalidities } from '../../store/ledger.ts';
import { ackDue, ensureAckFolders } from './ack.ts';
import { withTimeout } from './backoff.ts';
import { connectMailbox } from './connect.ts';
import type { ListenerDeps, ListenerStats, ListenerTuning } from './listener-types.ts';
import type { MailboxOps } from './mailbox-ops.ts';
import { sweep } from './sweep.ts';
import type { Waker } from './waker.ts';

export type SessionEnd = 'stop' | 'closed' | 'lock-lost';

export interface SessionContext {
  cfg: MailboxConfig;
  deps: ListenerDeps;
  tuning: ListenerTuning;
  log: Logger;
  stats: ListenerStats;
  signal: AbortSignal;
  waker: Waker;
  lockLost(): string | null;
  /** The folder is open and the session works from now on. */
  onRunning(fields: Record<string, unknown>): void;
}

/**
 * One IMAP connection while this process holds the mailbox lock: open the folder, then sweep (on new mail and
 * periodically), acknowledge finished mails and probe a quiet connection, until stop, a closed connection or a lost
 * lock. Returns why it ended; throws on IMAP, Redis or database errors (the listener backs off and starts anew).
 */
export async function runSession(ctx: SessionContext): Promise<SessionEnd> {
  const { cfg, deps, log, waker } = ctx;
  ctx.stats.sessions++;
  const client = await connectMailbox(cfg, deps.secrets, {
    autoIdleDelayMs: ctx.tuning.autoIdleDelayMs,
    signal: ctx.signal,
  });
  let closed = false;
  let newMail = true;
  client.on('close', () => {
    closed = true;
    waker.wake();
  });
  client.on('exists', () => {
    newMail = true;
    waker.wake();
  });
  try {
    await ensureAckFolders(client, cfg);
    const box = await client.mailboxOpen(cfg.folder);
    const uidvalidity = box.uidValidity.toString();
    await noteUidvalidityChange(ctx, uidvalidity);
    ctx.onRunning({ uidvalidity, exists: box.exists });
    const ops: MailboxOps = {
      cfg,
      client,
      uidvalidity,
      db: deps.db,
      enqueueNext: deps.enqueueNext,
      logger: log,
      shouldContinue: () => !ctx.signal.aborted && !closed && ctx.lockLost() === null,
    };
    let nextSweep = 0;
    let nextAck = 0;
    let nextWatchdog = Date.now() + cfg.watchdogIntervalMs;
    while (ops.shouldContinue()) {
      const now = Date.now();
      if (newMail || now >= nextSweep) {
        newMail = false;
        await sweep(ops, ctx.stats);
        nextSweep = Date.now() + cfg.sweepIntervalMs;
        nextWatchdog = Date.now() + cfg.watchdogIntervalMs; // the sweep proved the connection alive
        continue;
      }
      if (now >= nextAck) {
        const acked = await ackDue(ops);
        ctx.stats.acked += acked.done + acked.failed;
        nextAck = Date.now() + cfg.ackIntervalMs;
        continue;
      }
      if (now >= nextWatchdog) {
        await watchdog(client, cfg.watchdogTimeoutMs, log);
        nextWatchdog = Date.now() + cfg.watchdogIntervalMs;
        continue;
      }
      await waker.wait(Math.min(nextSweep, nextAck, nextWatchdog) - now);
    }
    if (ctx.signal.aborted) return 'stop';
    if (ctx.lockLost() !== null) return 'lock-lost';
    return 'closed';
  } finally {
    await closeClient(client, closed, ctx.tuning.logoutTimeoutMs);
  }
}

/** A new UIDVALIDITY makes the old UIDs meaningless: their pending acknowledgements are written off, warned once. */
async function noteUidvalidityChange(ctx: SessionContext, uidvalidity: string): Promise<void> {
  const mailbox = mailboxKey(ctx.cfg);
  const previous = await otherUidvalidities(ctx.deps.db, mailbox, uidvalidity);
  if (previous.length === 0) return;
  const lost = await markStaleAcksLost(ctx.deps.db, mailbox, uidvalidity);
  if (lost > 0 || (await lastLedgerUid(ctx.deps.db, mailbox, uidvalidity)) === 0) {
    ctx.log.warn(
      { uidvalidity, previous, staleAcks: lost },
      'UIDVALIDITY changed: rescanning the folder (known mails map to their stored messages, nothing is duplicated)',
    );
  }
}

/** A NOOP must come back in time; otherwise the connection is silently dead (IDLE would never tell). */
async function watchdog(client: ImapFlow, timeoutMs: number, log: Logger): Promise<void> {
  try {
    await withTimeout(client.noop(), timeoutMs, 'watchdog NOOP');
  } catch (err) {
    log.warn({ err: describeError(err) }, 'watchdog: connection silent, reconnecting');
    client.close();
    throw err;
  }
}

async function closeClient(client: ImapFlow, closed: boolean, logoutTimeoutMs: number): Promise<void> {
  if (closed || !client.usable) {
    client.close();
    return;
  }
  try {
    await withTimeout(client.logout(), logoutTimeoutMs, 'LOGOUT');
  } catch {
    client.close();
  }
}
