import { sha256Hex, stableId } from '../core/ids.ts';
import type { Passage, TaggedPassage } from '../core/types.ts';
import type { Queryable, SqlParam } from './db.ts';
import { toPgArray } from './messages.ts';

export type { TaggedPassage };

/**
 * A passage is identified by its document and its text (plus which occurrence of that text it is), not by its
 * position: a re-extraction that shifts passages keeps each reviewer tag on the text the reviewer judged.
 */
export function passageIds(documentId: string, passages: readonly Pick<Passage, 'text'>[]): string[] {
  const seen = new Map<string, number>();
  return passages.map((p) => {
    const textHash = sha256Hex(p.text.replace(/\s+/g, ' ').trim());
    const occurrence = seen.get(textHash) ?? 0;
    seen.set(textHash, occurrence + 1);
    return stableId('psg', documentId, textHash, occurrence);
  });
}

export interface DocumentPassages {
  documentId: string;
  tagged: readonly TaggedPassage[];
}

/** Replaces one document's passages and machine tags (see replaceMessagePassages). */
export async function replaceDocumentPassages(
  q: Queryable,
  messageId: string,
  documentId: string,
  tagged: readonly TaggedPassage[],
  modelVersion: string,
): Promise<void> {
  await replaceMessagePassages(q, messageId, [{ documentId, tagged }], modelVersion);
}

/**
 * Replaces the passages and machine tags of a message's documents. Reviewer tags are never touched: only
 * rule/model rows are replaced. A passage that a re-extraction no longer yields is deleted, unless a reviewer
 * tagged it; then it is kept and marked superseded so a reviewer sees it.
 */
export async function replaceMessagePassages(
  q: Queryable,
  messageId: string,
  docs: readonly DocumentPassages[],
  modelVersion: string,
): Promise<void> {
  await q.query(replacementSql('SELECT 1'), replacementParams(messageId, docs, modelVersion));
}

/**
 * The classify stage's write: extracted → classified in the job's generation together with the passages and tags,
 * all or nothing. Returns false (and writes nothing) when the message is no longer waiting for this job — already
 * classified, or reset by a reprocess, whose lock on the row this statement waits for.
 */
export async function recordClassification(
  q: Queryable,
  messageId: string,
  generation: number,
  docs: readonly DocumentPassages[],
  modelVersion: string,
): Promise<boolean> {
  const guard = `UPDATE messages SET state = 'classified', error_code = NULL, error_detail = NULL, updated_at = now()
                 WHERE id = $1 AND state = 'extracted' AND generation = $7 RETURNING id`;
  const [row] = await q.query<{ done: boolean }>(replacementSql(guard), [
    ...replacementParams(messageId, docs, modelVersion),
    generation,
  ]);
  return row?.done === true;
}

function replacementParams(messageId: string, docs: readonly DocumentPassages[], modelVersion: string): SqlParam[] {
  const rows = docs.flatMap(({ documentId, tagged }) => {
    const ids = passageIds(
      documentId,
      tagged.map((t) => t.passage),
    );
    return tagged.map((t, i) => ({ id: ids[i] ?? '', documentId, t }));
  });
  const passages = rows.map(({ id, documentId, t: { passage: p, needsReview, instructive } }) => ({
    id,
    document_id: documentId,
    seq: p.seq,
    page: p.page,
    char_start: p.start,
    char_end: p.end,
    text: p.text,
    heading: p.heading,
    boilerplate: p.boilerplate,
    needs_review: needsReview,
    instructive: instructive?.score ?? null,
    instructive_why: instructive ?? null,
  }));
  const tags = uniqueTags(
    rows.flatMap(({ id, t }) =>
      t.tags.map((g) => ({
        passage_id: id,
        dimension: g.dimension,
        label: g.label,
        source: g.source,
        confidence: g.confidence,
        reason: g.reason,
      })),
    ),
  );
  return [
    messageId,
    JSON.stringify(passages),
    JSON.stringify(tags),
    modelVersion,
    toPgArray(rows.map((r) => r.id)),
    toPgArray(docs.map((d) => d.documentId)),
  ];
}

/**
 * One statement, so one round trip and atomic without BEGIN/COMMIT: every write runs only when `guard` yields a
 * row. The writes touch disjoint rows, as one statement must (its parts share one snapshot): machine tags are
 * upserted where still produced and deleted where not; kept passages are upserted, stale ones retired (reviewer
 * tagged) or deleted — the delete skipping what the retire returned. Foreign keys are checked at the statement's
 * end, so tags may point at passages inserted by it. Params: $1 message, $2 passages, $3 tags (jsonb), $4 model
 * version, $5 kept passage ids, $6 document ids (text[]).
 */
const replacementSql = (guard: string): string => `
  WITH go AS (${guard}),
  input AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS r(id text, document_id text, seq int, page int, char_start int, char_end int,
                                                     text text, heading text, boilerplate text, needs_review boolean,
                                                     instructive real, instructive_why jsonb)),
  wanted AS (
    SELECT * FROM jsonb_to_recordset($3::jsonb) AS t(passage_id text, dimension text, label text, source text, confidence real, reason text)),
  kept AS (
    INSERT INTO passages (id, message_id, document_id, seq, page, char_start, char_end, text, heading, boilerplate, needs_review,
                          instructive, instructive_why)
    SELECT r.id, $1, r.document_id, r.seq, r.page, r.char_start, r.char_end, r.text, r.heading, r.boilerplate, r.needs_review,
           r.instructive, r.instructive_why
    FROM input r WHERE EXISTS (SELECT 1 FROM go)
    ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, page = EXCLUDED.page, char_start = EXCLUDED.char_start,
      char_end = EXCLUDED.char_end, heading = EXCLUDED.heading, boilerplate = EXCLUDED.boilerplate,
      needs_review = EXCLUDED.needs_review, instructive = EXCLUDED.instructive,
      instructive_why = EXCLUDED.instructive_why, superseded_at = NULL),
  dropped AS (
    DELETE FROM tags t WHERE t.passage_id = ANY($5::text[]) AND t.source <> 'reviewer' AND EXISTS (SELECT 1 FROM go)
      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.passage_id = t.passage_id AND w.dimension = t.dimension
                        AND w.label = t.label AND w.source = t.source)),
  tagged AS (
    INSERT INTO tags (passage_id, dimension, label, source, confidence, reason, model_version)
    SELECT w.passage_id, w.dimension, w.label, w.source, w.confidence, w.reason, $4 FROM wanted w WHERE EXISTS (SELECT 1 FROM go)
    ON CONFLICT (passage_id, dimension, label, source) DO UPDATE SET confidence = EXCLUDED.confidence,
      reason = EXCLUDED.reason, model_version = EXCLUDED.model_version, created_at = now()),
  retired AS (
    UPDATE passages SET superseded_at = coalesce(superseded_at, now()), needs_review = true
    WHERE document_id = ANY($6::text[]) AND NOT (id = ANY($5::text[])) AND EXISTS (SELECT 1 FROM go)
      AND EXISTS (SELECT 1 FROM tags t WHERE t.passage_id = passages.id AND t.source = 'reviewer')
    RETURNING id),
  gone AS (
    DELETE FROM passages WHERE document_id = ANY($6::text[]) AND NOT (id = ANY($5::text[])) AND superseded_at IS NULL
      AND EXISTS (SELECT 1 FROM go) AND id NOT IN (SELECT id FROM retired))
  SELECT EXISTS (SELECT 1 FROM go) AS done`;

/** One row per key: a single INSERT … ON CONFLICT may not touch the same row twice. */
function uniqueTags<T extends { passage_id: string; dimension: string; label: string; source: string }>(
  rows: T[],
): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) byKey.set(`${r.passage_id}\u0000${r.dimension}\u0000${r.label}\u0000${r.source}`, r);
  return [...byKey.values()];
}
