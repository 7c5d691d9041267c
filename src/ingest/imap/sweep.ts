import { mailboxKey } from '../../config/mailbox.ts';
import { lastLedgerUid } from '../../store/ledger.ts';
import { ackDue } from './ack.ts';
import { withTimeout } from './backoff.ts';
import type { ListenerStats } from './listener-types.ts';
import { emptyIngestCounts, ingestUids, searchNewUids, type MailboxOps } from './mailbox-ops.ts';

/**
 * One UID sweep: everything above the ledger's highest UID for this generation is ingested in order. The ledger is
 * the resume point, so a sweep that failed half-way (connection cut, Redis full, PostgreSQL down) is simply run again
 * by the next session and continues at the first UID it did not record.
 */
export async function sweep(ops: MailboxOps, stats: ListenerStats): Promise<void> {
  const last = await lastLedgerUid(ops.db, mailboxKey(ops.cfg), ops.uidvalidity);
  // The search doubles as a liveness probe (it resets the watchdog), so it gets the watchdog's time limit.
  const uids = await withTimeout(searchNewUids(ops, last), ops.cfg.watchdogTimeoutMs, 'UID SEARCH');
  if (uids.length === 0) return;
  ops.logger.info({ event: 'imap.new_mails', count: uids.length, afterUid: last }, 'new mails found');
  const c = emptyIngestCounts();
  try {
    await ingestUids(ops, uids, c);
  } finally {
    stats.stored += c.stored;
    stats.duplicates += c.duplicates;
    stats.refused += c.refused;
    stats.skipped += c.skipped;
  }
  ops.logger.info({ event: 'imap.sweep_done', ...c }, 'sweep done');
  if (c.refused > 0) {
    const acked = await ackDue(ops); // refused mails are flagged at once, they wait for nothing
    stats.acked += acked.done + acked.failed;
  }
}
