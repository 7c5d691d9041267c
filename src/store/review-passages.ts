import type { TagDimension, TagSource } from '../core/types.ts';
import type { Queryable } from './db.ts';
import { toPgArray } from './messages.ts';

export interface StoredTag {
  dimension: TagDimension;
  label: string;
  source: TagSource;
  confidence: number;
  reason: string;
}

/** A passage as the reply view shows it: every tag (machine and reviewer) and the reviewer state. */
export interface ReviewPassage {
  id: string;
  message_id: string;
  document_id: string;
  seq: number;
  page: number | null;
  /** Offsets into the document's extracted text, to mark the passage in the original. */
  char_start: number;
  char_end: number;
  text: string;
  heading: string | null;
  boilerplate: string | null;
  boilerplate_override: boolean | null;
  needs_review: boolean;
  version: number;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  tags: StoredTag[];
}

const SELECT_PASSAGES = `
  SELECT p.id, p.message_id, p.document_id, p.seq, p.page, p.char_start, p.char_end, p.text, p.heading, p.boilerplate, p.needs_review,
         r.boilerplate_override, coalesce(r.version, 0) AS version, r.reviewed_by, r.reviewed_at,
         coalesce((SELECT json_agg(json_build_object('dimension', t.dimension, 'label', t.label, 'source', t.source,
                                                     'confidence', t.confidence, 'reason', t.reason)
                                   ORDER BY t.dimension, t.source, t.label)
                   FROM tags t WHERE t.passage_id = p.id), '[]'::json) AS tags
  FROM passages p
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN passage_reviews r ON r.passage_id = p.id`;

/** The message's passages in reading order: documents by position (body first), then passage sequence. */
export async function listMessagePassages(q: Queryable, messageId: string): Promise<ReviewPassage[]> {
  return q.query<ReviewPassage>(
    `${SELECT_PASSAGES} WHERE p.message_id = $1 AND p.superseded_at IS NULL ORDER BY d.position, p.seq`,
    [messageId],
  );
}

export async function getReviewPassage(q: Queryable, passageId: string): Promise<ReviewPassage | null> {
  const rows = await q.query<ReviewPassage>(`${SELECT_PASSAGES} WHERE p.id = $1`, [passageId]);
  return rows[0] ?? null;
}

/** Effective boilerplate: the reviewer's override where given, else the extractor's mark. */
export const isBoilerplate = (p: Pick<ReviewPassage, 'boilerplate' | 'boilerplate_override'>): boolean =>
  p.boilerplate_override ?? p.boilerplate !== null;

export interface AuditEntry {
  passage_id: string;
  username: string;
  at: Date;
  dimension: string;
  before: unknown;
  after: unknown;
  version: number;
}

export async function listAudit(q: Queryable, passageIds: readonly string[]): Promise<AuditEntry[]> {
  if (passageIds.length === 0) return [];
  return q.query<AuditEntry>(
    `SELECT passage_id, username, at, dimension, before, after, version FROM tag_audit
     WHERE passage_id = ANY($1::text[]) ORDER BY id`,
    [toPgArray(passageIds)],
  );
}
