import type { MessageState } from '../core/types.ts';
import type { Queryable } from './db.ts';

/**
 * The mail ledger: what the IMAP listener saw per (mailbox, UIDVALIDITY, UID), which message it became and whether
 * the server was told. UIDVALIDITY is carried as a decimal string (it is a 32-bit unsigned number, and the two
 * database engines return bigint differently); UIDs are plain numbers (float8 holds every 32-bit value exactly).
 */
export type LedgerState = 'stored' | 'refused' | 'skipped';
export type AckKind = 'done' | 'failed' | 'lost';

export interface LedgerKey {
  mailbox: string;
  uidvalidity: string;
  uid: number;
}

export interface LedgerEntry extends LedgerKey {
  pipelineId: string;
  messageId: string | null;
  state: LedgerState;
  reason: string | null;
  size: number | null;
}

export interface LedgerRow extends LedgerEntry {
  ack: AckKind | null;
  ackedAt: Date | null;
  /** The message's state, or null when it has none (refused, skipped, or the message row is gone). */
  messageState: MessageState | null;
}

const SELECT = `SELECT l.mailbox, l.uidvalidity::text AS uidvalidity, l.uid::float8 AS uid, l.pipeline_id AS "pipelineId",
    l.message_id AS "messageId", l.state, l.reason, l.size, l.ack, l.acked_at AS "ackedAt", m.state AS "messageState"
  FROM mail_ledger l LEFT JOIN messages m ON m.id = l.message_id`;

/** Records one UID once; a second record of the same key (a retried sweep) changes nothing. Returns whether it wrote. */
export async function recordLedger(q: Queryable, e: LedgerEntry): Promise<boolean> {
  const rows = await q.query<{ uid: number }>(
    `INSERT INTO mail_ledger (mailbox, uidvalidity, uid, pipeline_id, message_id, state, reason, size)
     VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (mailbox, uidvalidity, uid) DO UPDATE SET message_id = EXCLUDED.message_id
       -- only a row whose message row was lost is re-pointed (reconcile stores the mail again)
       WHERE mail_ledger.state = 'stored' AND mail_ledger.message_id IS NULL AND EXCLUDED.state = 'stored'
     RETURNING uid::float8 AS uid`,
    [e.mailbox, e.uidvalidity, e.uid, e.pipelineId, e.messageId, e.state, e.reason, e.size],
  );
  return rows.length > 0;
}

/** The highest UID recorded for this mailbox generation: the next sweep searches from here + 1. */
export async function lastLedgerUid(q: Queryable, mailbox: string, uidvalidity: string): Promise<number> {
  const rows = await q.query<{ last: number | null }>(
    'SELECT max(uid)::float8 AS last FROM mail_ledger WHERE mailbox = $1 AND uidvalidity = $2::bigint',
    [mailbox, uidvalidity],
  );
  return rows[0]?.last ?? 0;
}

/** UIDVALIDITY values this mailbox was seen with before, other than the current one. */
export async function otherUidvalidities(q: Queryable, mailbox: string, uidvalidity: string): Promise<string[]> {
  const rows = await q.query<{ v: string }>(
    'SELECT DISTINCT uidvalidity::text AS v FROM mail_ledger WHERE mailbox = $1 AND uidvalidity <> $2::bigint',
    [mailbox, uidvalidity],
  );
  return rows.map((r) => r.v);
}

/**
 * Rows that are due for a server-side acknowledgement: the message reached a terminal state (or the mail was
 * refused before fetching) and no acknowledgement is recorded yet.
 */
export async function listAckDue(
  q: Queryable,
  mailbox: string,
  uidvalidity: string,
  limit = 500,
): Promise<LedgerRow[]> {
  return q.query<LedgerRow>(
    `${SELECT}
     WHERE l.mailbox = $1 AND l.uidvalidity = $2::bigint AND l.acked_at IS NULL
       AND (l.state = 'refused' OR (l.state = 'stored' AND m.state IN ('classified', 'failed')))
     ORDER BY l.uid LIMIT $3`,
    [mailbox, uidvalidity, limit],
  );
}

/** Records the acknowledgement of several UIDs of one mailbox generation at once. */
export async function recordAcks(
  q: Queryable,
  mailbox: string,
  uidvalidity: string,
  uids: readonly number[],
  ack: AckKind,
): Promise<void> {
  if (uids.length === 0) return;
  await q.query(
    `UPDATE mail_ledger SET ack = $4, acked_at = now()
     WHERE mailbox = $1 AND uidvalidity = $2::bigint AND uid = ANY($3::bigint[]) AND acked_at IS NULL`,
    [mailbox, uidvalidity, `{${uids.join(',')}}`, ack],
  );
}

/**
 * After a UIDVALIDITY change the old UIDs name nothing on the server any more; their pending acknowledgements are
 * marked 'lost' (the mails are found again under their new UIDs and acknowledged there).
 */
export async function markStaleAcksLost(q: Queryable, mailbox: string, currentUidvalidity: string): Promise<number> {
  const rows = await q.query<{ uid: number }>(
    `UPDATE mail_ledger SET ack = 'lost', acked_at = now()
     WHERE mailbox = $1 AND uidvalidity <> $2::bigint AND acked_at IS NULL RETURNING uid::float8 AS uid`,
    [mailbox, currentUidvalidity],
  );
  return rows.length;
}

export async function listLedger(q: Queryable, mailbox: string, uidvalidity: string): Promise<LedgerRow[]> {
  return q.query<LedgerRow>(`${SELECT} WHERE l.mailbox = $1 AND l.uidvalidity = $2::bigint ORDER BY l.uid`, [
    mailbox,
    uidvalidity,
  ]);
}
