import type { ParsedMail } from '../core/types.ts';
import { blobInsert } from './blobs.ts';
import type { Queryable } from './db.ts';
import { DOCUMENT_COLUMNS, documentRecords, documentRecordset, documentValues } from './documents.ts';

/**
 * The parse stage's result in one statement (one round trip, atomic without BEGIN/COMMIT, and a shared blob's row
 * lock held only while it runs): the documents' blobs, the headers, the move received → parsed in the job's
 * generation, and one pending row per document — those rows only when the move happened, so a parse that a
 * reprocess superseded writes nothing but content-addressed blobs. Returns whether this call moved the message.
 */
export async function recordParsedMail(
  q: Queryable,
  messageId: string,
  generation: number,
  mail: ParsedMail,
): Promise<boolean> {
  return (await writeParsedMail(q, messageId, generation, mail, null)).moved;
}

/**
 * recordParsedMail for a run that goes on to extract the documents itself (chained stages): the same statement
 * inserts each document already claimed by `workerId` (attempt 1, docs/reliability.md class 2), which saves a claim
 * statement per document. `attempts` holds the claim token of every document this statement inserted; a document
 * that existed already is not in it (the caller claims it the ordinary way). The claim is live while the worker
 * process beats (queue/worker-heartbeat.ts); until its first beat it is free, the safe side: another run may claim
 * the document, and then this run's write is refused.
 */
export async function recordParsedMailClaimed(
  q: Queryable,
  messageId: string,
  generation: number,
  mail: ParsedMail,
  workerId: string,
): Promise<{ moved: boolean; attempts: Map<string, number> }> {
  return writeParsedMail(q, messageId, generation, mail, workerId);
}

async function writeParsedMail(
  q: Queryable,
  messageId: string,
  generation: number,
  mail: ParsedMail,
  claimFor: string | null,
): Promise<{ moved: boolean; attempts: Map<string, number> }> {
  const blobs = blobInsert(
    mail.documents.map((d) => d.bytes),
    10,
  );
  const [row] = await q.query<{ moved: boolean; claims: { id: string; attempt: number }[] | null }>(
    `WITH ${blobs.sql ? `stored AS (${blobs.sql}),` : ''} moved AS (
       UPDATE messages SET from_address = $3, from_name = $4, subject = $5, sent_at = $6, warnings = $7::jsonb,
         state = 'parsed', error_code = NULL, error_detail = NULL, updated_at = now()
       WHERE id = $1 AND state = 'received' AND generation = $2 RETURNING id
     ), docs AS (
       INSERT INTO documents (${DOCUMENT_COLUMNS}, attempt, claimed_by)
       SELECT ${documentValues('$1')}, CASE WHEN $9::text IS NULL THEN 0 ELSE 1 END, $9::text
       FROM ${documentRecordset('$8')} WHERE EXISTS (SELECT 1 FROM moved)
       ON CONFLICT (id) DO NOTHING RETURNING id, attempt
     )
     SELECT EXISTS (SELECT 1 FROM moved) AS moved,
       CASE WHEN $9::text IS NOT NULL THEN (SELECT json_agg(json_build_object('id', id, 'attempt', attempt)) FROM docs) END AS claims`,
    [
      messageId,
      generation,
      mail.from,
      mail.fromName,
      mail.subject,
      mail.date,
      JSON.stringify(mail.warnings),
      JSON.stringify(documentRecords(messageId, mail.documents, blobs.hashes)),
      claimFor,
      ...blobs.params,
    ],
  );
  return { moved: row?.moved === true, attempts: new Map((row?.claims ?? []).map((c) => [c.id, c.attempt])) };
}
