import type { Failure } from '../core/errors.ts';
import type { MessageState, ParsedMail } from '../core/types.ts';
import { IntegrityError } from '../core/errors.ts';
import { blobInsert } from './blobs.ts';
import type { Queryable } from './db.ts';

export interface NewMessage {
  id: string;
  pipelineId: string;
  rawSha256: string;
  headerMessageId: string | null;
  contentHash: string;
  source: string;
}

export interface MessageRow {
  id: string;
  pipeline_id: string;
  raw_sha256: string;
  state: MessageState;
  generation: number;
  conflict: boolean;
  error_code: string | null;
  error_detail: string | null;
}

/**
 * Inserts the message once; a second delivery returns the existing row with inserted=false. Two different mails
 * with one Message-ID are both kept and both flagged for a reviewer — the flags are set by the same statement
 * (the new row by its own value, the earlier ones by an UPDATE), one round trip per received mail. Given `raw`,
 * the same statement also stores the raw mail's blob (m.rawSha256 must be its hash): the receive stage then
 * needs neither a transaction nor a second round trip, and is durable when the statement returns.
 */
export async function insertMessage(
  q: Queryable,
  m: NewMessage,
  raw: Uint8Array | null = null,
): Promise<{ row: MessageRow; inserted: boolean }> {
  const blob = raw ? blobInsert([raw], 7) : null;
  if (blob && blob.hashes[0] !== m.rawSha256)
    throw new IntegrityError('integrity.hash_mismatch', `raw mail of ${m.id} does not hash to ${m.rawSha256}`);
  const inserted = await q.query<MessageRow>(
    `WITH ${blob ? `stored AS (${blob.sql}),` : ''} clash AS (
       SELECT EXISTS (SELECT 1 FROM messages WHERE header_message_id = $4 AND content_hash <> $5) AS found
     ), ins AS (
       INSERT INTO messages (id, pipeline_id, raw_sha256, header_message_id, content_hash, source, state, conflict)
       SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, 'received', clash.found FROM clash
       ON CONFLICT (id) DO NOTHING
       RETURNING id, pipeline_id, raw_sha256, state, generation, conflict, error_code, error_detail
     ), flagged AS (
       UPDATE messages SET conflict = true
       WHERE header_message_id = $4 AND NOT conflict AND (SELECT found FROM clash) AND EXISTS (SELECT 1 FROM ins)
     )
     SELECT * FROM ins`,
    [m.id, m.pipelineId, m.rawSha256, m.headerMessageId, m.contentHash, m.source, ...(blob?.params ?? [])],
  );
  if (inserted[0]) return { row: inserted[0], inserted: true };
  const existing = await getMessage(q, m.id);
  return { row: existing, inserted: false };
}

export async function getMessage(q: Queryable, id: string): Promise<MessageRow> {
  const rows = await q.query<MessageRow>(
    'SELECT id, pipeline_id, raw_sha256, state, generation, conflict, error_code, error_detail FROM messages WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (!row) throw new IntegrityError('integrity.row_missing', `message ${id} not found`);
  return row;
}

export async function recordParsedHeaders(q: Queryable, id: string, mail: ParsedMail): Promise<void> {
  await q.query(
    `UPDATE messages SET from_address = $2, from_name = $3, subject = $4, sent_at = $5, warnings = $6::jsonb,
       updated_at = now() WHERE id = $1`,
    [id, mail.from, mail.fromName, mail.subject, mail.date, JSON.stringify(mail.warnings)],
  );
}

/**
 * Moves a message on, only from the expected state and, when given, only in the job's generation: a job that a
 * reprocess superseded while it ran must not move the new generation's message.
 */
export async function advanceMessage(
  q: Queryable,
  id: string,
  from: MessageState,
  to: MessageState,
  generation: number | null = null,
): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    `UPDATE messages SET state = $3, error_code = NULL, error_detail = NULL, updated_at = now()
     WHERE id = $1 AND state = $2 AND ($4::int IS NULL OR generation = $4) RETURNING id`,
    [id, from, to, generation],
  );
  return rows.length > 0;
}

/**
 * The extraction fan-in: parsed → extracted in the job's generation once no document of the message is pending.
 * Each caller runs it as its own statement after its document's state was committed, so of two extractions that
 * finish together at least one sees the other's result (its snapshot starts after both commits), and the row lock
 * plus the state condition let only one of them move the message. Returns whether this call moved it.
 */
export async function advanceWhenExtracted(q: Queryable, id: string, generation: number): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    `UPDATE messages SET state = 'extracted', error_code = NULL, error_detail = NULL, updated_at = now()
     WHERE id = $1 AND state = 'parsed' AND generation = $2
       AND NOT EXISTS (SELECT 1 FROM documents WHERE message_id = $1 AND state = 'pending') RETURNING id`,
    [id, generation],
  );
  return rows.length > 0;
}

export async function failMessage(
  q: Queryable,
  id: string,
  failure: Failure,
  generation: number | null = null,
): Promise<void> {
  await q.query(
    `UPDATE messages SET state = 'failed', error_code = $2, error_detail = $3, updated_at = now()
     WHERE id = $1 AND ($4::int IS NULL OR generation = $4)`,
    [id, failure.code, failure.detail, generation],
  );
}

/** Locks the message row for the caller's transaction (reprocess resets take the same lock) and reads where it stands. */
export async function lockMessage(q: Queryable, id: string): Promise<MessageProgress | null> {
  const [row] = await q.query<MessageProgress>('SELECT id, state, generation FROM messages WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  return row ?? null;
}

export interface MessageProgress {
  id: string;
  state: MessageState;
  generation: number;
}

export async function listUnfinishedMessages(q: Queryable): Promise<MessageProgress[]> {
  return q.query<MessageProgress>(
    `SELECT id, state, generation FROM messages WHERE state NOT IN ('classified', 'failed') ORDER BY received_at`,
  );
}

export async function countMessagesByState(q: Queryable, ids?: readonly string[]): Promise<Record<string, number>> {
  const rows = ids
    ? await q.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM messages WHERE id = ANY($1::text[]) GROUP BY state`,
        [toPgArray(ids)],
      )
    : await q.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM messages GROUP BY state');
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** A text[] literal; both engines accept it as one parameter, which keeps ANY($1) queries engine-neutral. */
export function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
