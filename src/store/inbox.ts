import type { MessageState } from '../core/types.ts';
import type { Queryable } from './db.ts';

export interface InboxRow {
  id: string;
  from_address: string | null;
  from_name: string | null;
  subject: string | null;
  sent_at: Date | null;
  received_at: Date;
  state: MessageState;
  error_code: string | null;
  error_detail: string | null;
  document_errors: string | null;
  passages: number;
  reviewed: number;
  to_review: number;
}

/** "Content" passages: not boilerplate by the reviewer's word, or by the extractor's where the reviewer said nothing. */
export const CONTENT = `coalesce(r.boilerplate_override, p.boilerplate IS NOT NULL) = false`;

/** One row per reply with its state and review progress; newest first. */
export async function listInbox(q: Queryable, pipelineId: string): Promise<InboxRow[]> {
  return q.query<InboxRow>(
    `SELECT m.id, m.from_address, m.from_name, m.subject, m.sent_at, m.received_at, m.state, m.error_code, m.error_detail,
       (SELECT string_agg(coalesce(d.filename, d.path) || ': ' || d.error_code || ' – ' || coalesce(d.error_detail, ''), '; '
                          ORDER BY d.position)
          FROM documents d WHERE d.message_id = m.id AND d.error_code IS NOT NULL) AS document_errors,
       count(p.id) FILTER (WHERE ${CONTENT})::int AS passages,
       count(p.id) FILTER (WHERE ${CONTENT} AND r.reviewed_at IS NOT NULL)::int AS reviewed,
       count(p.id) FILTER (WHERE ${CONTENT} AND p.needs_review AND r.reviewed_at IS NULL)::int AS to_review
     FROM messages m
     LEFT JOIN passages p ON p.message_id = m.id AND p.superseded_at IS NULL
     LEFT JOIN passage_reviews r ON r.passage_id = p.id
     WHERE m.pipeline_id = $1
     GROUP BY m.id
     ORDER BY coalesce(m.sent_at, m.received_at) DESC, m.id`,
    [pipelineId],
  );
}

export interface ReplyHeader extends Omit<InboxRow, 'passages' | 'reviewed' | 'to_review' | 'document_errors'> {
  pipeline_id: string;
}

export async function getReplyHeader(q: Queryable, messageId: string): Promise<ReplyHeader | null> {
  const rows = await q.query<ReplyHeader>(
    `SELECT id, pipeline_id, from_address, from_name, subject, sent_at, received_at, state, error_code, error_detail
     FROM messages WHERE id = $1`,
    [messageId],
  );
  return rows[0] ?? null;
}

export interface ReplyDocument {
  id: string;
  path: string;
  kind: 'body' | 'attachment';
  filename: string | null;
  declared_type: string;
  format: string | null;
  size: number;
  state: string;
  error_code: string | null;
  error_detail: string | null;
  page_count: number | null;
  text: string | null;
  /** Mean Tesseract confidence of a scan's OCR text; null when the text came from a text layer. */
  ocr_confidence: number | null;
  origin: { from?: string | null; fromName?: string | null; subject?: string | null; date?: string | null } | null;
}

export async function listReplyDocuments(q: Queryable, messageId: string): Promise<ReplyDocument[]> {
  return q.query<ReplyDocument>(
    `SELECT id, path, kind, filename, declared_type, format, size, state, error_code, error_detail, page_count, text,
            ocr_confidence, origin
     FROM documents WHERE message_id = $1 ORDER BY position`,
    [messageId],
  );
}

/** The stored bytes of one document with what a download needs; null when unknown. */
export interface DocumentDownload {
  id: string;
  filename: string | null;
  format: string | null;
  kind: string;
  page_count: number | null;
  bytes: Uint8Array;
}

export async function getDocumentDownload(q: Queryable, documentId: string): Promise<DocumentDownload | null> {
  const rows = await q.query<DocumentDownload>(
    `SELECT d.id, d.filename, d.format, d.kind, d.page_count, b.bytes FROM documents d JOIN blobs b ON b.sha256 = d.blob_sha256 WHERE d.id = $1`,
    [documentId],
  );
  return rows[0] ?? null;
}
