import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { mailboxKey, type MailboxConfig } from '../../config/mailbox.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../store/db.ts';
import { recordLedger } from '../../store/ledger.ts';
import { mailsReceived } from '../../ops/metrics.ts';
import { receiveMail, type EnqueueMessage } from '../receive-mail.ts';

/** What one mailbox operation needs; the client has the configured folder selected. */
export interface MailboxOps {
  cfg: MailboxConfig;
  client: ImapFlow;
  uidvalidity: string;
  db: Db;
  enqueueNext: EnqueueMessage;
  logger: Logger;
  /** Checked between two mails: false stops the batch (shutdown, lock lost, connection gone). */
  shouldContinue(): boolean;
}

export interface IngestCounts {
  stored: number;
  duplicates: number;
  refused: number;
  skipped: number;
  vanished: number;
}

/** The counts passed to ingestUids are updated mail by mail, so a batch that fails half-way still reports its part. */
export const emptyIngestCounts = (): IngestCounts => ({
  stored: 0,
  duplicates: 0,
  refused: 0,
  skipped: 0,
  vanished: 0,
});

const FETCH_META_CHUNK = 200;

/** UIDs in the folder above `after`, without mails already carrying our done/failed flag. Ascending. */
export async function searchNewUids(ops: Pick<MailboxOps, 'client' | 'cfg'>, after: number): Promise<number[]> {
  const res = await ops.client.search(
    { uid: `${after + 1}:*`, unKeyword: ops.cfg.ack.flag, not: { keyword: ops.cfg.ack.failedFlag } },
    { uid: true },
  );
  // "n:*" also matches the highest UID when it is below n (RFC 3501), so filter.
  return (res || []).filter((uid) => uid > after).sort((a, b) => a - b);
}

/**
 * Ingests the given UIDs in ascending order. Metadata (size, envelope) is read first with FETCH collected to the end;
 * then each body is fetched alone (never an IMAP command inside a running FETCH iteration: imapflow deadlocks).
 * The raw mail is stored through receiveMail, and only then is the ledger row written; a crash in between means
 * the UID is fetched again and receiveMail recognises the mail. Stops at the first failure so that the ledger's
 * highest UID never skips over an unrecorded one.
 */
export async function ingestUids(
  ops: MailboxOps,
  uids: readonly number[],
  counts = emptyIngestCounts(),
): Promise<IngestCounts> {
  const mailbox = mailboxKey(ops.cfg);
  const filtering = ops.cfg.filters.senderDomains.length > 0 || ops.cfg.filters.subjectTokens.length > 0;
  for (let i = 0; i < uids.length; i += FETCH_META_CHUNK) {
    const chunk = uids.slice(i, i + FETCH_META_CHUNK);
    const metas = await ops.client.fetchAll(
      chunk.join(','),
      { uid: true, size: true, envelope: filtering },
      { uid: true },
    );
    const byUid = new Map(metas.map((m) => [m.uid, m]));
    for (const uid of chunk) {
      if (!ops.shouldContinue()) return counts;
      const meta = byUid.get(uid);
      const base = { mailbox, uidvalidity: ops.uidvalidity, uid, pipelineId: ops.cfg.pipelineId };
      if (!meta) {
        if (!ops.client.usable) throw new Error(`connection lost while reading the size of UID ${uid}`);
        counts.vanished++; // expunged between SEARCH and FETCH: nothing to store, nothing to acknowledge
        continue;
      }
      const size = meta.size ?? null;
      if (size !== null && size > ops.cfg.maxMessageBytes) {
        await recordLedger(ops.db, { ...base, messageId: null, state: 'refused', reason: 'too_large', size });
        ops.logger.warn(
          { uid, size, maxMessageBytes: ops.cfg.maxMessageBytes },
          'mail refused: too large (not fetched)',
        );
        counts.refused++;
        continue;
      }
      if (filtering && !passesFilters(ops.cfg, meta)) {
        await recordLedger(ops.db, { ...base, messageId: null, state: 'skipped', reason: 'filtered', size });
        ops.logger.info({ uid }, 'mail skipped by the mailbox filters (left untouched on the server)');
        counts.skipped++;
        continue;
      }
      // imapflow hands out the body only once its literal arrived complete; a connection cut mid-download rejects
      // here, so a partial mail is never stored and the UID is fetched again by the next session.
      const full = await ops.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (!full || !full.source) {
        // An empty answer on a dead connection is no proof the mail is gone: never step over it.
        if (!ops.client.usable) throw new Error(`connection lost while fetching UID ${uid}`);
        counts.vanished++;
        continue;
      }
      const received = await receiveMail(ops.db, ops.enqueueNext, full.source, {
        pipelineId: ops.cfg.pipelineId,
        source: `imap:${mailbox}#${ops.uidvalidity}/${uid}`,
      });
      await recordLedger(ops.db, { ...base, messageId: received.messageId, state: 'stored', reason: null, size });
      if (received.inserted) counts.stored++;
      else counts.duplicates++;
      mailsReceived.inc({ source: 'imap', new: String(received.inserted) });
      ops.logger.debug({ uid, messageId: received.messageId, inserted: received.inserted }, 'mail received from IMAP');
    }
  }
  return counts;
}

function passesFilters(cfg: MailboxConfig, meta: FetchMessageObject): boolean {
  const { senderDomains, subjectTokens } = cfg.filters;
  if (senderDomains.length > 0) {
    const from = meta.envelope?.from?.[0]?.address?.toLowerCase() ?? '';
    const domain = from.slice(from.lastIndexOf('@') + 1);
    const ok = senderDomains.some((d) => {
      const want = d.toLowerCase().replace(/^@/, '');
      return domain === want || domain.endsWith(`.${want}`);
    });
    if (!ok) return false;
  }
  if (subjectTokens.length > 0) {
    const subject = (meta.envelope?.subject ?? '').toLowerCase();
    if (!subjectTokens.some((t) => subject.includes(t.toLowerCase()))) return false;
  }
  return true;
}
