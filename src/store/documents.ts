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

/**
 * A document reached a terminal state; given the job's generation, the same statement also tries the fan-in: the
 * message moves parsed → extracted when no other document of it is pending in this statement's snapshot. That
 * saves the separate fan-in statement for the last document of a mail (for a one-document mail, every time).
 * A sibling committed after the snapshot still looks pending here, so a write that did not move the message is
 * followed by the separate fan-in (advanceWhenExtracted), which runs after this commit. Returns whether it moved.
 */
export async function recordExtraction(
  q: Queryable,
  id: string,
  version: string,
  doc: ExtractedDocument,
  generation: number | null = null,
): Promise<boolean> {
  const [row] = await q.query<{ moved: boolean }>(
    `WITH doc AS (
       UPDATE documents SET state = 'extracted', format = $2, extractor_version = $3, page_count = $4, truncated = $5,
         ocr_confidence = $6, text = $7, blocks = $8::jsonb, error_code = NULL, error_detail = NULL, updated_at = now()
       WHERE id = $1 RETURNING message_id
     ), ${advanceIfLastSql('$1', '$9')}
     SELECT EXISTS (SELECT 1 FROM moved) AS moved`,
    [
      id,
      doc.format,
      version,
      doc.pageCount,
      doc.truncated ?? null,
      doc.ocrConfidence ?? null,
      doc.text,
      JSON.stringify(doc.blocks),
      generation,
    ],
  );
  return row?.moved === true;
}

/** Like recordExtraction, for a document that could not be extracted. */
export async function recordExtractionFailure(
  q: Queryable,
  id: string,
  version: string,
  failure: Failure,
  generation: number | null = null,
): Promise<boolean> {
  const state: DocumentState = failure.code === 'extract.unsupported_type' ? 'unsupported' : 'failed';
  const [row] = await q.query<{ moved: boolean }>(
    `WITH doc AS (
       UPDATE documents SET state = $2, extractor_version = $3, error_code = $4, error_detail = $5, text = NULL,
         blocks = NULL, updated_at = now() WHERE id = $1 RETURNING message_id
     ), ${advanceIfLastSql('$1', '$6')}
     SELECT EXISTS (SELECT 1 FROM moved) AS moved`,
    [id, state, version, failure.code, failure.detail, generation],
  );
  return row?.moved === true;
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
