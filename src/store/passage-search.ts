import type { Instructiveness, TagDimension } from '../core/types.ts';
import type { Queryable, SqlParam } from './db.ts';
import { toPgArray } from './messages.ts';
import type { StoredTag } from './review-passages.ts';
import { ORIGIN_PATH_SQL } from './review-records.ts';

/** `instructive`: what a reviewer's decision would teach most first (active learning); reviewed passages drop out. */
export const PASSAGE_SORTS = ['relevance', 'reply', 'date', '-date', 'confidence', 'instructive'] as const;
export type PassageSort = (typeof PASSAGE_SORTS)[number];

/** Filters of the passage list and GET /api/passages; absent fields do not filter. */
export interface PassageFilter {
  pipelineId: string;
  q?: string | undefined;
  item?: string | undefined;
  topic?: string | undefined;
  stance?: string | undefined;
  /** Reply units (unitKey "messageId/originPath") the respondent/land filter resolved to; [] matches nothing. */
  unitKeys?: readonly string[] | undefined;
  messageId?: string | undefined;
  reviewed?: boolean | undefined;
  needsReview?: boolean | undefined;
  /** A dimension the reviewer has not confirmed yet. */
  unconfirmed?: TagDimension | undefined;
  /** undefined: both. */
  boilerplate?: boolean | undefined;
  sort: PassageSort;
  page: number;
  pageSize: number;
}

export interface FoundPassage {
  id: string;
  message_id: string;
  document_id: string;
  origin_path: string;
  from_address: string | null;
  subject: string | null;
  sent_at: Date | null;
  doc_kind: 'body' | 'attachment';
  filename: string | null;
  page: number | null;
  seq: number;
  char_start: number;
  char_end: number;
  text: string;
  heading: string | null;
  boilerplate: boolean;
  needs_review: boolean;
  reviewed: boolean;
  version: number;
  tags: StoredTag[];
  /** The instructive score and its components (null: boilerplate, or classified without a model). */
  instructive: number | null;
  instructive_why: Instructiveness | null;
}

/**
 * The weakest tag that counts per passage (the reviewer's on a decided dimension, else the machine's), as
 * weakestConfidence does: what sort=confidence orders by. One grouped pass over the tags joined by hash; a subquery
 * per row took 500 ms at 5,000 passages (bench:web).
 */
const WEAKEST_JOIN = `LEFT JOIN (
    SELECT t.passage_id, min(t.confidence) AS weakest FROM tags t
    LEFT JOIN (SELECT DISTINCT passage_id, dimension FROM tags WHERE source = 'reviewer') rv
      ON rv.passage_id = t.passage_id AND rv.dimension = t.dimension
    WHERE t.label <> '-none-' AND (t.source = 'reviewer' OR rv.passage_id IS NULL)
    GROUP BY t.passage_id) w ON w.passage_id = p.id`;

const BOILERPLATE = `coalesce(r.boilerplate_override, p.boilerplate IS NOT NULL)`;

function whereClause(f: PassageFilter): { sql: string; params: SqlParam[] } {
  const params: SqlParam[] = [f.pipelineId];
  const add = (v: SqlParam) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['m.pipeline_id = $1', 'p.superseded_at IS NULL'];
  if (f.q) where.push(`p.search @@ websearch_to_tsquery('german', ${add(f.q)})`);
  for (const [dimension, label] of [
    ['item', f.item],
    ['topic', f.topic],
    ['stance', f.stance],
  ] as const)
    if (label)
      // Candidates from the (dimension, label) index first; then only those whose tag counts
      // (the reviewer's on a dimension they decided, else the machine's).
      where.push(`p.id IN (SELECT t.passage_id FROM tags t WHERE t.dimension = '${dimension}' AND t.label = ${add(label)}
        AND (t.source = 'reviewer' OR NOT EXISTS (
          SELECT 1 FROM tags x WHERE x.passage_id = t.passage_id AND x.dimension = '${dimension}' AND x.source = 'reviewer')))`);
  if (f.unitKeys)
    where.push(`(p.message_id || '/' || ${ORIGIN_PATH_SQL}) = ANY(${add(toPgArray(f.unitKeys))}::text[])`);
  if (f.messageId) where.push(`p.message_id = ${add(f.messageId)}`);
  if (f.reviewed !== undefined) where.push(f.reviewed ? 'r.reviewed_at IS NOT NULL' : 'r.reviewed_at IS NULL');
  if (f.needsReview !== undefined)
    where.push(
      f.needsReview ? '(p.needs_review AND r.reviewed_at IS NULL)' : 'NOT (p.needs_review AND r.reviewed_at IS NULL)',
    );
  if (f.unconfirmed)
    where.push(
      `NOT EXISTS (SELECT 1 FROM tags x WHERE x.passage_id = p.id AND x.dimension = ${add(f.unconfirmed)} AND x.source = 'reviewer')`,
    );
  if (f.boilerplate !== undefined) where.push(`${BOILERPLATE} = ${add(f.boilerplate)}`);
  // The instructive order is a review queue: scored passages nobody reviewed yet (the partial index's predicate).
  if (f.sort === 'instructive') where.push('p.instructive IS NOT NULL', 'r.reviewed_at IS NULL');
  return { sql: where.join(' AND '), params };
}

const ORDER: Record<PassageSort, string> = {
  relevance: 'rank DESC, m.received_at, m.id, d.position, p.seq',
  reply: 'm.received_at, m.id, d.position, p.seq',
  date: 'coalesce(m.sent_at, m.received_at), m.id, d.position, p.seq',
  '-date': 'coalesce(m.sent_at, m.received_at) DESC, m.id, d.position, p.seq',
  confidence: 'weakest, m.received_at, m.id, d.position, p.seq',
  // Served by passages_instructive_idx (migration 075) in this order.
  instructive: 'p.instructive DESC, p.id',
};

const FROM = `FROM passages p
  JOIN documents d ON d.id = p.document_id
  JOIN messages m ON m.id = p.message_id
  LEFT JOIN passage_reviews r ON r.passage_id = p.id`;

/** One page of matching passages (with every tag) and how many match in all. */
export async function searchPassages(
  q: Queryable,
  f: PassageFilter,
): Promise<{ total: number; passages: FoundPassage[] }> {
  const { sql, params } = whereClause(f);
  const rank = f.q ? `ts_rank(p.search, websearch_to_tsquery('german', $2))` : '0';
  const sort = f.sort === 'relevance' && !f.q ? 'reply' : f.sort;
  // The page's ids first, ordered on cheap columns; the expensive parts (tags as JSON) for those rows only.
  // In one statement, deep pages (OFFSET 3,900) built the JSON of every row they skipped (bench:web: 560 ms).
  const [count, rows] = await Promise.all([
    q.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} WHERE ${sql}`, params),
    q.query<FoundPassage>(
      `WITH page AS (
         SELECT s.id, row_number() OVER () AS ord FROM (
           SELECT p.id, ${rank} AS rank, ${sort === 'confidence' ? 'coalesce(w.weakest, 0)' : '0'} AS weakest
           ${FROM} ${sort === 'confidence' ? WEAKEST_JOIN : ''} WHERE ${sql}
           ORDER BY ${ORDER[sort]}
           LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}) s)
       SELECT p.id, p.message_id, p.document_id, ${ORIGIN_PATH_SQL} AS origin_path,
              COALESCE(d.origin->>'from', m.from_address) AS from_address, m.subject,
              COALESCE((d.origin->>'date')::timestamptz, m.sent_at) AS sent_at,
              d.kind AS doc_kind, d.filename, p.page, p.seq, p.char_start, p.char_end, p.text, p.heading,
              ${BOILERPLATE} AS boilerplate, (p.needs_review AND r.reviewed_at IS NULL) AS needs_review,
              (r.reviewed_at IS NOT NULL) AS reviewed, coalesce(r.version, 0) AS version,
              p.instructive, p.instructive_why,
              coalesce((SELECT json_agg(json_build_object('dimension', t.dimension, 'label', t.label, 'source', t.source,
                                                          'confidence', t.confidence, 'reason', t.reason)
                                        ORDER BY t.dimension, t.source, t.label)
                        FROM tags t WHERE t.passage_id = p.id), '[]'::json) AS tags
       FROM page
       JOIN passages p ON p.id = page.id
       JOIN documents d ON d.id = p.document_id
       JOIN messages m ON m.id = p.message_id
       LEFT JOIN passage_reviews r ON r.passage_id = p.id
       ORDER BY page.ord`,
      params,
    ),
  ]);
  return { total: count[0]?.n ?? 0, passages: rows };
}
