import type { Queryable } from './db.ts';
import type { StoredTag } from './review-passages.ts';

/** Every current passage of a pipeline with its message, document, reviewer state and all tags, in reading order. */
export interface ReviewRecord {
  passage_id: string;
  message_id: string;
  document_id: string;
  kind: 'body' | 'attachment';
  filename: string | null;
  path: string;
  /** '' for the mail's own sender, 'msg1' … for a forwarded reply inside it (see respondent_assignments). */
  origin_path: string;
  from_address: string | null;
  from_name: string | null;
  sent_at: Date | null;
  page: number | null;
  seq: number;
  text: string;
  boilerplate: string | null;
  boilerplate_override: boolean | null;
  needs_review: boolean;
  reviewed_at: Date | null;
  tags: StoredTag[];
}

/** The top-level forwarded message a document path belongs to: "msg2/att1" → "msg2", "body" → "". */
export const ORIGIN_PATH_SQL = `CASE WHEN d.origin IS NOT NULL THEN split_part(d.path, '/', 1) ELSE '' END`;

export async function listReviewRecords(q: Queryable, pipelineId: string): Promise<ReviewRecord[]> {
  return q.query<ReviewRecord>(
    `SELECT p.id AS passage_id, p.message_id, p.document_id, d.kind, d.filename, d.path,
            ${ORIGIN_PATH_SQL} AS origin_path,
            COALESCE(d.origin->>'from', m.from_address) AS from_address,
            COALESCE(d.origin->>'fromName', m.from_name) AS from_name,
            COALESCE((d.origin->>'date')::timestamptz, m.sent_at) AS sent_at,
            p.page, p.seq, p.text, p.boilerplate, r.boilerplate_override, p.needs_review, r.reviewed_at,
            coalesce((SELECT json_agg(json_build_object('dimension', t.dimension, 'label', t.label, 'source', t.source,
                                                        'confidence', t.confidence, 'reason', t.reason))
                      FROM tags t WHERE t.passage_id = p.id), '[]'::json) AS tags
     FROM passages p
     JOIN documents d ON d.id = p.document_id
     JOIN messages m ON m.id = p.message_id
     LEFT JOIN passage_reviews r ON r.passage_id = p.id
     WHERE m.pipeline_id = $1 AND p.superseded_at IS NULL
     ORDER BY m.received_at, m.id, d.position, p.seq`,
    [pipelineId],
  );
}
