import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { mailboxKey, type MailboxConfig } from '../../config/mailbox.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../store/db.ts';
import { listAckDue, recordAcks, recordLedger, type AckKind, type LedgerRow } from '../../store/ledger.ts';
import type { StageQueues } from '../../queue/queues.ts';
import { receiveMail } from '../receive-mail.ts';

/** What one mailbox operation needs; the client has the configured folder selected. */
export interface MailboxOps {
  cfg: MailboxConfig;
  client: ImapFlow;
  uidvalidity: string;
  db: Db;
  queues: StageQueues;
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
export async function ingestUids(ops: MailboxOps, uids: readonly number[]): Promise<IngestCounts> {
  const counts: IngestCounts = { stored: 0, duplicates: 0, refused: 0, skipped: 0, vanished: 0 };
  const mailbox = mailboxKey(ops.cfg);
  const filtering = ops.cfg.filters.senderDomains.length > 0 || ops.cfg.filters.subjectTokens.length > 0;
  for (let i = 0; i < uids.length; i += FETCH_META_CHUNK) {
    const chunk = uids.slice(i, i + FETCH_META_CHUNK);
    const metas = await ops.client.fetchAll(chunk.join(','), { uid: true, size: true, envelope: filtering }, { uid: true });
    const byUid = new Map(metas.map((m) => [m.uid, m]));
    for (const uid of chunk) {
      if (!ops.shouldContinue()) return counts;
      const meta = byUid.get(uid);
      const base = { mailbox, uidvalidity: ops.uidvalidity, uid, pipelineId: ops.cfg.pipelineId };
      if (!meta) {
        counts.vanished++; // expunged between SEARCH and FETCH: nothing to store, nothing to acknowledge
        continue;
      }
      const size = meta.size ?? null;
      if (size !== null && size > ops.cfg.maxMessageBytes) {
        await recordLedger(ops.db, { ...base, messageId: null, state: 'refused', reason: 'too_large', size });
        ops.logger.warn({ uid, size, maxMessageBytes: ops.cfg.maxMessageBytes }, 'mail refused: too large (not fetched)');
        counts.refused++;
        continue;
      }
      if (filtering && !passesFilters(ops.cfg, meta)) {
        await recordLedger(ops.db, { ...base, messageId: null, state: 'skipped', reason: 'filtered', size });
        ops.logger.info({ uid }, 'mail skipped by the mailbox filters (left untouched on the server)');
        counts.skipped++;
        continue;
      }
      const full = await ops.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (!full || !full.source) {
        counts.vanished++;
        continue;
      }
      const received = await receiveMail(ops.db, ops.queues, full.source, {
        pipelineId: ops.cfg.pipelineId,
        source: `imap:${mailbox}#${ops.uidvalidity}/${uid}`,
      });
      await recordLedger(ops.db, { ...base, messageId: received.messageId, state: 'stored', reason: null, size });
      if (received.inserted) counts.stored++;
      else counts.duplicates++;
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

export interface AckCounts {
  done: number;
  failed: number;
}

/**
 * Acknowledges on the server every ledger row of this mailbox generation whose message has finished: classified →
 * done flag (and a move to processedFolder in move mode); failed or refused → failed flag (and failedFolder if
 * set). Mails are never deleted. Flags go first so a moved mail carries them; the ledger records the ack last, so a
 * crash in between repeats an idempotent STORE/MOVE.
 */
export async function ackDue(ops: MailboxOps, limit = 500): Promise<AckCounts> {
  const due = await listAckDue(ops.db, mailboxKey(ops.cfg), ops.uidvalidity, limit);
  const groups: Record<'done' | 'failed', LedgerRow[]> = { done: [], failed: [] };
  for (const row of due) groups[ackKindOf(row)].push(row);
  const counts: AckCounts = { done: 0, failed: 0 };
  for (const kind of ['done', 'failed'] as const) {
    const rows = groups[kind];
    if (rows.length === 0 || !ops.shouldContinue()) continue;
    const range = rows.map((r) => r.uid).join(',');
    const flag = kind === 'done' ? ops.cfg.ack.flag : ops.cfg.ack.failedFlag;
    await ops.client.messageFlagsAdd(range, [flag], { uid: true });
    const folder = ops.cfg.ack.mode === 'move' ? (kind === 'done' ? ops.cfg.ack.processedFolder : ops.cfg.ack.failedFolder) : undefined;
    if (folder !== undefined) await ops.client.messageMove(range, folder, { uid: true });
    await recordAcks(ops.db, mailboxKey(ops.cfg), ops.uidvalidity, rows.map((r) => r.uid), kind);
    counts[kind] += rows.length;
    ops.logger.info({ count: rows.length, ack: kind, flag, ...(folder ? { movedTo: folder } : {}) }, 'mails acknowledged on the server');
  }
  return counts;
}

function ackKindOf(row: LedgerRow): Exclude<AckKind, 'lost'> {
  return row.state === 'stored' && row.messageState === 'classified' ? 'done' : 'failed';
}

/** Creates the move targets once per session; an existing folder is fine. */
export async function ensureAckFolders(client: ImapFlow, cfg: MailboxConfig): Promise<void> {
  if (cfg.ack.mode !== 'move') return;
  const existing = new Set((await client.list()).map((f) => f.path));
  for (const folder of [cfg.ack.processedFolder, cfg.ack.failedFolder]) {
    if (folder !== undefined && !existing.has(folder)) await client.mailboxCreate(folder);
  }
}
