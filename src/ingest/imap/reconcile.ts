import type { Redis } from 'ioredis';
import { mailboxKey, type MailboxConfig } from '../../config/mailbox.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../store/db.ts';
import { listLedger } from '../../store/ledger.ts';
import { TERMINAL_MESSAGE_STATES } from '../../core/types.ts';
import { connectMailbox } from './connect.ts';
import { RedisLock } from './lock.ts';
import { ingestUids, type IngestCounts, type MailboxOps } from './mailbox-ops.ts';
import { ackDue, ensureAckFolders, type AckCounts } from './ack.ts';
import { withTimeout } from './backoff.ts';
import type { ListenerDeps } from './listener-types.ts';

/** Reconcile needs what a listener needs: store, the enqueue callback, the lock's Redis, logger, secrets. */
export type ReconcileDeps = ListenerDeps;

export interface ReconcileReport {
  mailbox: string;
  pipelineId: string;
  uidvalidity: string;
  onServer: number;
  inLedger: number;
  /** On the server, unflagged, not in the ledger: never ingested. */
  neverProcessed: number[];
  /** In the ledger, the message finished (or was refused), the server was not told yet. */
  processedNotAcked: number[];
  /** On the server with our done/failed flag, but no ledger row or no stored message: the database lost them. */
  ackedMissingFromDb: number[];
  /** The ledger says acknowledged but the server copy carries no flag (removed by hand?). */
  ackedFlagMissing: number[];
  /** Stored, the pipeline has not finished them yet. */
  inFlight: number;
  /** Left alone by the mailbox filters. */
  skipped: number;
  /** Set when --fix ran: what was ingested and acknowledged now. */
  fixed: { ingested: IngestCounts; acked: AckCounts } | null;
  /** Why nothing was fixed although asked (another process holds the mailbox). */
  note: string | null;
}

/**
 * Compares one mailbox folder with the ledger. With `fix`, ingests the never-processed mails and acknowledges the
 * processed-but-unacknowledged ones, under the mailbox lock so it never races a running listener (when a listener
 * holds the lock, its own sweeps do the same work; reconcile then only reports).
 */
export async function reconcileMailbox(
  cfg: MailboxConfig,
  deps: ReconcileDeps,
  opts: { fix: boolean },
): Promise<ReconcileReport> {
  const mailbox = mailboxKey(cfg);
  const log = deps.logger.child({ component: 'reconcile', mailbox });
  let lock: RedisLock | null = null;
  let note: string | null = null;
  let fix = opts.fix;
  if (fix) {
    lock = new RedisLock(deps.redis, `${deps.lockPrefix}:imap-lock:${mailbox}`, 60_000);
    if (!(await lock.tryAcquire((reason) => log.warn({ reason }, 'mailbox lock lost during reconcile')))) {
      lock = null;
      fix = false;
      note = 'a listener holds this mailbox: reported only (the listener ingests and acknowledges these itself)';
    }
  }
  const client = await connectMailbox(cfg, deps.secrets);
  try {
    if (fix) await ensureAckFolders(client, cfg);
    const box = await client.mailboxOpen(cfg.folder, { readOnly: !fix });
    const uidvalidity = box.uidValidity.toString();
    const server = box.exists > 0 ? await client.fetchAll('1:*', { uid: true, flags: true }, { uid: true }) : [];
    const ledger = new Map((await listLedger(deps.db, mailbox, uidvalidity)).map((r) => [r.uid, r]));
    const report: ReconcileReport = {
      mailbox,
      pipelineId: cfg.pipelineId,
      uidvalidity,
      onServer: server.length,
      inLedger: ledger.size,
      neverProcessed: [],
      processedNotAcked: [],
      ackedMissingFromDb: [],
      ackedFlagMissing: [],
      inFlight: 0,
      skipped: 0,
      fixed: null,
      note,
    };
    for (const m of [...server].sort((a, b) => a.uid - b.uid)) {
      const flags = m.flags ?? new Set<string>();
      const flagged = flags.has(cfg.ack.flag) || flags.has(cfg.ack.failedFlag);
      const row = ledger.get(m.uid);
      if (!row) {
        (flagged ? report.ackedMissingFromDb : report.neverProcessed).push(m.uid);
        continue;
      }
      if (row.state === 'skipped') {
        report.skipped++;
        continue;
      }
      if (row.state === 'stored' && row.messageState === null) {
        if (flagged) report.ackedMissingFromDb.push(m.uid);
        else report.neverProcessed.push(m.uid); // the message row is gone: store it again
        continue;
      }
      if (row.ackedAt !== null) {
        if (!flagged && row.ack !== 'lost') report.ackedFlagMissing.push(m.uid);
        continue;
      }
      const finished =
        row.state === 'refused' || (row.messageState !== null && TERMINAL_MESSAGE_STATES.includes(row.messageState));
      if (finished) report.processedNotAcked.push(m.uid);
      else report.inFlight++;
    }
    if (fix) {
      const ops: MailboxOps = {
        cfg,
        client,
        uidvalidity,
        db: deps.db,
        enqueueNext: deps.enqueueNext,
        logger: log,
        shouldContinue: () => lock?.isHeld ?? false,
      };
      const ingested = await ingestUids(ops, report.neverProcessed);
      let acked: AckCounts = { done: 0, failed: 0 };
      for (;;) {
        const round = await ackDue(ops);
        acked = { done: acked.done + round.done, failed: acked.failed + round.failed };
        if (round.done + round.failed === 0) break;
      }
      report.fixed = { ingested, acked };
    }
    return report;
  } finally {
    try {
      await withTimeout(client.logout(), 5000, 'LOGOUT');
    } catch {
      client.close();
    }
    await lock?.release();
  }
}

/** A few lines a person can read. */
export function formatReconcileReport(r: ReconcileReport): string {
  const list = (uids: number[]) => (uids.length === 0 ? '0' : `${uids.length} (UID ${abbreviate(uids)})`);
  const lines = [
    `mailbox ${r.mailbox} (pipeline ${r.pipelineId}, UIDVALIDITY ${r.uidvalidity})`,
    `  on server: ${r.onServer}, in ledger: ${r.inLedger}, in flight: ${r.inFlight}, skipped by filters: ${r.skipped}`,
    `  never processed:             ${list(r.neverProcessed)}`,
    `  processed, not acknowledged: ${list(r.processedNotAcked)}`,
    `  acknowledged, missing in DB: ${list(r.ackedMissingFromDb)}`,
    `  acknowledged, flag missing:  ${list(r.ackedFlagMissing)}`,
  ];
  if (r.fixed) {
    const i = r.fixed.ingested;
    lines.push(
      `  fixed: ingested ${i.stored} new, ${i.duplicates} already stored, ${i.refused} refused, ${i.skipped} skipped; ` +
        `acknowledged ${r.fixed.acked.done} done, ${r.fixed.acked.failed} failed`,
    );
  }
  if (r.note) lines.push(`  note: ${r.note}`);
  return lines.join('\n');
}

function abbreviate(uids: number[]): string {
  const shown = uids.slice(0, 10).join(', ');
  return uids.length > 10 ? `${shown}, … ${uids.length - 10} more` : shown;
}
