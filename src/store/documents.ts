import type { Failure } from '../core/errors.ts';
import type { DocumentInput, DocumentKind, DocumentState, ExtractedDocument } from '../core/types.ts';
import { stableId } from '../core/ids.ts';
import { IntegrityError } from '../core/errors.ts';
import type { Queryable } from './db.ts';
import { putBlobs } from './blobs.ts';

export interface DocumentRow {
  id: string;
  message_id: string;
  path: string;
  kind: DocumentKind;
  filename: string | null;
  declared_type: string;
  blob_sha256: string;
  state: DocumentState;
  extractor_version: string | null;
}

export const documentId = (messageId: string, path: string): string => stableId('doc', messageId, path);

/** Stores each document's bytes and row; re-parsing the same message leaves existing rows as they are. */
export async function storeDocuments(
  q: Queryable,
  messageId: string,
  docs: readonly DocumentInput[],
): Promise<string[]> {
  const shas = await putBlobs(
    q,
    docs.map((d) => d.bytes),
  );
  const records = documentRecords(messageId, docs, shas);
  await q.query(
    `INSERT INTO documents (${DOCUMENT_COLUMNS}) SELECT ${documentValues('$1')} FROM ${documentRecordset('$2')}
     ON CONFLICT (id) DO NOTHING`,
    [messageId, JSON.stringify(records)],
  );
  return records.map((r) => r.id);
}

/** One record per document for a set-based insert (one statement whatever the number of attachments). */
export function documentRecords(messageId: string, docs: readonly DocumentInput[], shas: readonly string[]) {
  return docs.map((doc, position) => ({
    id: documentId(messageId, doc.path),
    path: doc.path,
    position,
    kind: doc.kind,
    filename: doc.filename,
    declared_type: doc.declaredType,
    blob_sha256: shas[position],
    size: doc.bytes.byteLength,
    origin: doc.origin,
  }));
}

export const DOCUMENT_COLUMNS =
  'id, message_id, path, position, kind, filename, declared_type, blob_sha256, size, state, origin';

/** The SELECT list matching DOCUMENT_COLUMNS over documentRecordset's rows `r`; every document starts pending. */
export const documentValues = (messageIdParam: string): string =>
  `r.id, ${messageIdParam}, r.path, r.position, r.kind, r.filename, r.declared_type, r.blob_sha256, r.size, 'pending', r.origin`;

export const documentRecordset = (param: string): string =>
  `jsonb_to_recordset(${param}::jsonb) AS r(id text, path text, position int, kind text, filename text,
     declared_type text, blob_sha256 text, size int, origin jsonb)`;

export async function getDocument(q: Queryable, id: string): Promise<DocumentRow> {
  const rows = await q.query<DocumentRow>(
    `SELECT id, message_id, path, kind, filename, declared_type, blob_sha256, state, extractor_version
     FROM documents WHERE id = $1`,
    [id],
  );
  if (!rows[0]) throw new IntegrityError('integrity.row_missing', `document ${id} not found`);
  return rows[0];
}

export async function listDocuments(q: Queryable, messageId: string): Promise<DocumentRow[]> {
  return q.query<DocumentRow>(
    `SELECT id, message_id, path, kind, filename, declared_type, blob_sha256, state, extractor_version
     FROM documents WHERE message_id = $1 ORDER BY position`,
    [messageId],
  );
}

/** A claim whose worker has not touched its heartbeat for this long is dead (src/queue/worker-heartbeat.ts). */
export const HEARTBEAT_STALE_SECONDS = 15;

/** SQL: the document row `alias` is claimed by nobody, or by a worker process that stopped beating. */
const claimIsFree = (alias: string): string =>
  `(${alias}.claimed_by IS NULL OR NOT EXISTS (SELECT 1 FROM worker_heartbeats h WHERE h.worker_id = ${alias}.claimed_by
     AND h.seen_at > now() - interval '${HEARTBEAT_STALE_SECONDS} seconds'))`;

/**
 * Claims a pending document for one extraction run (docs/reliability.md, class 2): returns the run's token, or null
 * when the document is no longer pending or another live worker process is extracting it. A claim of a process that
 * died (kill -9) lapses with its heartbeat, so a re-run after a crash is never locked out.
 */
export async function claimDocument(q: Queryable, id: string, workerId: string): Promise<number | null> {
  const [row] = await q.query<{ attempt: number }>(
    `WITH beat AS (
       INSERT INTO worker_heartbeats (worker_id) VALUES ($2) ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()
     )
     UPDATE documents d SET attempt = d.attempt + 1, claimed_by = $2
     WHERE d.id = $1 AND d.state = 'pending' AND ${claimIsFree('d')} RETURNING d.attempt`,
    [id, workerId],
  );
  return row?.attempt ?? null;
}

/** Gives a claim up without a result (the run threw, or the document went to the OCR queue). */
export async function releaseClaim(q: Queryable, id: string, attempt: number): Promise<void> {
  await q.query(`UPDATE documents SET claimed_by = NULL WHERE id = $1 AND attempt = $2 AND state = 'pending'`, [
    id,
    attempt,
  ]);
}

/** Whether a terminal write happened, and whether it also moved the message to `extracted`. */
export interface DocumentWrite {
  written: boolean;
  moved: boolean;
}

/**
 * The condition of every terminal write: the document is still pending (a finished document is never overwritten,
 * class 2), and the write comes from the run holding the claim — or, without a token (the failure recorded after a
 * job's last retry), while no live run holds one.
 */
const writeCondition = (attemptParam: string): string =>
  `state = 'pending' AND (CASE WHEN ${attemptParam}::int IS NULL THEN ${claimIsFree('documents')} ELSE attempt = ${attemptParam}::int END)`;

/** PostgreSQL's text and jsonb cannot hold U+0000; extractors strip it, and this is the last guard (class 4). */
const withoutNul = (text: string): string => (text.includes('\0') ? text.replaceAll('\0', ' ') : text);

/**
 * A document reached a terminal state; given the job's generation, the same statement also tries the fan-in: the
 * message moves parsed → extracted when no other document of it is pending in this statement's snapshot. That
 * saves the separate fan-in statement for the last document of a mail (for a one-document mail, every time).
 * A sibling committed after the snapshot still looks pending here, so a write that did not move the message is
 * followed by the separate fan-in (advanceWhenExtracted), which runs after this commit.
 */
export async function writeExtraction(
  q: Queryable,
  id: string,
  version: string,
  doc: ExtractedDocument,
  generation: number | null,
  attempt: number | null,
): Promise<DocumentWrite> {
  const blocks = doc.blocks.map((b) => ({ ...b, text: withoutNul(b.text) }));
  const [row] = await q.query<DocumentWrite>(
    `WITH doc AS (
       UPDATE documents SET state = 'extracted', format = $2, extractor_version = $3, page_count = $4, truncated = $5,
         ocr_confidence = $6, text = $7, blocks = $8::jsonb, error_code = NULL, error_detail = NULL, claimed_by = NULL,
         updated_at = now()
       WHERE id = $1 AND ${writeCondition('$10')} RETURNING message_id
     ), ${advanceIfLastSql('$1', '$9')}
     SELECT EXISTS (SELECT 1 FROM doc) AS written, EXISTS (SELECT 1 FROM moved) AS moved`,
    [
      id,
      doc.format,
      version,
      doc.pageCount,
      doc.truncated ?? null,
      doc.ocrConfidence ?? null,
      withoutNul(doc.text),
      JSON.stringify(blocks),
      generation,
      attempt,
    ],
  );
  return { written: row?.written === true, moved: row?.moved === true };
}

/** Like writeExtraction, for a document that could not be extracted. */
export async function writeExtractionFailure(
  q: Queryable,
  id: string,
  version: string,
  failure: Failure,
  generation: number | null,
  attempt: number | null,
): Promise<DocumentWrite> {
  const state: DocumentState = failure.code === 'extract.unsupported_type' ? 'unsupported' : 'failed';
  const [row] = await q.query<DocumentWrite>(
    `WITH doc AS (
       UPDATE documents SET state = $2, extractor_version = $3, error_code = $4, error_detail = $5, text = NULL,
         blocks = NULL, claimed_by = NULL, updated_at = now() WHERE id = $1 AND ${writeCondition('$7')} RETURNING message_id
     ), ${advanceIfLastSql('$1', '$6')}
     SELECT EXISTS (SELECT 1 FROM doc) AS written, EXISTS (SELECT 1 FROM moved) AS moved`,
    [id, state, version, failure.code, withoutNul(failure.detail), generation, attempt],
  );
  return { written: row?.written === true, moved: row?.moved === true };
}

/** writeExtraction without a claim token; returns whether the message moved. */
export async function recordExtraction(
  q: Queryable,
  id: string,
  version: string,
  doc: ExtractedDocument,
  generation: number | null = null,
  attempt: number | null = null,
): Promise<boolean> {
  return (await writeExtraction(q, id, version, doc, generation, attempt)).moved;
}

/** writeExtractionFailure without a claim token; returns whether the message moved. */
export async function recordExtractionFailure(
  q: Queryable,
  id: string,
  version: string,
  failure: Failure,
  generation: number | null = null,
  attempt: number | null = null,
): Promise<boolean> {
  return (await writeExtractionFailure(q, id, version, failure, generation, attempt)).moved;
}

/** Pending documents of a message that no live run has claimed: what the requeue sweep may enqueue (class 2). */
export async function listUnclaimedPendingDocuments(q: Queryable, messageId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT d.id FROM documents d WHERE d.message_id = $1 AND d.state = 'pending' AND ${claimIsFree('d')} ORDER BY d.position`,
    [messageId],
  );
  return rows.map((r) => r.id);
}

/**
 * The fan-in as part of a document's terminal write (`doc` yields its message id): the same conditions as
 * advanceWhenExtracted, with the document being written counted as done. Without a generation it never moves.
 */
const advanceIfLastSql = (documentParam: string, generationParam: string): string => `moved AS (
       UPDATE messages m SET state = 'extracted', error_code = NULL, error_detail = NULL, updated_at = now()
       FROM doc WHERE m.id = doc.message_id AND m.state = 'parsed' AND m.generation = ${generationParam}::int
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id AND d.state = 'pending' AND d.id <> ${documentParam})
       RETURNING m.id
     )`;

export async function countPendingDocuments(q: Queryable, messageId: string): Promise<number> {
  const rows = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM documents WHERE message_id = $1 AND state = 'pending'`,
    [messageId],
  );
  return rows[0]?.n ?? 0;
}

export interface ExtractedDocumentRow {
  id: string;
  blocks: ExtractedDocument['blocks'];
  format: string;
  text: string;
  page_count: number | null;
}

export async function listExtractedDocuments(q: Queryable, messageId: string): Promise<ExtractedDocumentRow[]> {
  return q.query<ExtractedDocumentRow>(
    `SELECT id, blocks, format, text, page_count FROM documents
     WHERE message_id = $1 AND state = 'extracted' ORDER BY position`,
    [messageId],
  );
}

export function toExtractedDocument(row: ExtractedDocumentRow): ExtractedDocument {
  return { format: row.format, text: row.text, blocks: row.blocks, pageCount: row.page_count };
}

/** One document in the export contract (`ruecklauf export --records documents`, README). */
export interface DocumentRecord {
  message: {
    messageId: string | null;
    from: string | null;
    subject: string | null;
    date: string | null;
    state: string;
  };
  document: {
    filename: string | null;
    kind: 'body' | 'attachment';
    state: 'extracted' | 'failed' | 'pending';
    code: string | null;
    detail: string | null;
    pages: number | null;
    chars: number | null;
    ocrConfidence: number | null;
  };
}

interface DocumentRecordRow {
  header_message_id: string | null;
  from_address: string | null;
  subject: string | null;
  sent_at: Date | null;
  message_state: string;
  filename: string | null;
  kind: 'body' | 'attachment';
  state: DocumentState;
  error_code: string | null;
  error_detail: string | null;
  page_count: number | null;
  chars: number | null;
  ocr_confidence: number | null;
}

/**
 * Every document with its outcome, so operators see which attachments failed and why without SQL. A forwarded
 * document speaks for its own sender, as in the passage export; `unsupported` is a failure with its code.
 */
export async function listDocumentRecords(q: Queryable, pipelineId: string | null): Promise<DocumentRecord[]> {
  const rows = await q.query<DocumentRecordRow>(
    `SELECT COALESCE(d.origin->>'messageId', m.header_message_id) AS header_message_id,
            COALESCE(d.origin->>'from', m.from_address) AS from_address,
            COALESCE(d.origin->>'subject', m.subject) AS subject,
            COALESCE((d.origin->>'date')::timestamptz, m.sent_at) AS sent_at, m.state AS message_state,
            d.filename, d.kind, d.state, d.error_code, d.error_detail, d.page_count,
            length(d.text)::int AS chars, d.ocr_confidence
     FROM documents d JOIN messages m ON m.id = d.message_id
     WHERE ($1::text IS NULL OR m.pipeline_id = $1)
     ORDER BY m.received_at, m.id, d.position`,
    [pipelineId],
  );
  return rows.map((r) => ({
    message: {
      messageId: r.header_message_id,
      from: r.from_address,
      subject: r.subject,
      date: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      state: r.message_state,
    },
    document: {
      filename: r.filename,
      kind: r.kind,
      state: r.state === 'unsupported' ? 'failed' : r.state,
      code: r.error_code,
      detail: r.error_detail,
      pages: r.page_count,
      chars: r.chars,
      ocrConfidence: r.ocr_confidence === null ? null : Math.round(r.ocr_confidence * 1000) / 1000,
    },
  }));
}
