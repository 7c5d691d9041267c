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
  const blobs = blobInsert(
    mail.documents.map((d) => d.bytes),
    9,
  );
  const [row] = await q.query<{ moved: boolean }>(
    `WITH ${blobs.sql ? `stored AS (${blobs.sql}),` : ''} moved AS (
       UPDATE messages SET from_address = $3, from_name = $4, subject = $5, sent_at = $6, warnings = $7::jsonb,
         state = 'parsed', error_code = NULL, error_detail = NULL, updated_at = now()
       WHERE id = $1 AND state = 'received' AND generation = $2 RETURNING id
     ), docs AS (
       INSERT INTO documents (${DOCUMENT_COLUMNS})
       SELECT ${documentValues('$1')} FROM ${documentRecordset('$8')} WHERE EXISTS (SELECT 1 FROM moved)
       ON CONFLICT (id) DO NOTHING
     )
     SELECT EXISTS (SELECT 1 FROM moved) AS moved`,
    [
      messageId,
      generation,
      mail.from,
      mail.fromName,
      mail.subject,
      mail.date,
      JSON.stringify(mail.warnings),
      JSON.stringify(documentRecords(messageId, mail.documents, blobs.hashes)),
      ...blobs.params,
    ],
  );
  return row?.moved === true;
}
