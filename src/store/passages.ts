import { sha256Hex, stableId } from '../core/ids.ts';
import type { Passage, TaggedPassage } from '../core/types.ts';
import type { Queryable } from './db.ts';
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

/**
 * Replaces one document's passages and machine tags in the caller's transaction. Reviewer tags are never touched:
 * only rule/model rows are deleted. A passage that a re-extraction no longer yields is deleted, unless a reviewer
 * tagged it; then it is kept and marked superseded so a reviewer sees it.
 */
export async function replaceDocumentPassages(
  q: Queryable,
  messageId: string,
  documentId: string,
  tagged: readonly TaggedPassage[],
  modelVersion: string,
): Promise<void> {
  const ids = passageIds(documentId, tagged.map((t) => t.passage));
  // Set-based writes (three statements per document, whatever its length): per-row round trips made the
  // classify stage several times slower than the classification itself.
  await q.query(
    `INSERT INTO passages (id, message_id, document_id, seq, page, char_start, char_end, text, heading, boilerplate, needs_review)
     SELECT r.id, $1, $2, r.seq, r.page, r.char_start, r.char_end, r.text, r.heading, r.boilerplate, r.needs_review
     FROM jsonb_to_recordset($3::jsonb) AS r(id text, seq int, page int, char_start int, char_end int, text text,
                                              heading text, boilerplate text, needs_review boolean)
     ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, page = EXCLUDED.page, char_start = EXCLUDED.char_start,
       char_end = EXCLUDED.char_end, heading = EXCLUDED.heading, boilerplate = EXCLUDED.boilerplate,
       needs_review = EXCLUDED.needs_review, superseded_at = NULL`,
    [messageId, documentId, JSON.stringify(tagged.map(({ passage: p, needsReview }, i) => ({
      id: ids[i], seq: p.seq, page: p.page, char_start: p.start, char_end: p.end, text: p.text, heading: p.heading, boilerplate: p.boilerplate, needs_review: needsReview,
    })))],
  );
  await q.query(`DELETE FROM tags WHERE passage_id = ANY($1::text[]) AND source <> 'reviewer'`, [toPgArray(ids)]);
  const tags = uniqueTags(tagged.flatMap(({ tags: ts }, i) => ts.map((t) => ({ passage_id: ids[i], dimension: t.dimension, label: t.label, source: t.source, confidence: t.confidence, reason: t.reason }))));
  if (tags.length > 0) {
    await q.query(
      `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason, model_version)
       SELECT r.passage_id, r.dimension, r.label, r.source, r.confidence, r.reason, $2
       FROM jsonb_to_recordset($1::jsonb) AS r(passage_id text, dimension text, label text, source text, confidence real, reason text)
       ON CONFLICT (passage_id, dimension, label, source) DO UPDATE
         SET confidence = EXCLUDED.confidence, reason = EXCLUDED.reason, model_version = EXCLUDED.model_version`,
      [JSON.stringify(tags), modelVersion],
    );
  }
  await retireStalePassages(q, documentId, ids);
}

/** One row per key: a single INSERT … ON CONFLICT may not touch the same row twice. */
function uniqueTags<T extends { passage_id: string | undefined; dimension: string; label: string; source: string }>(rows: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) byKey.set(`${r.passage_id}\u0000${r.dimension}\u0000${r.label}\u0000${r.source}`, r);
  return [...byKey.values()];
}

async function retireStalePassages(q: Queryable, documentId: string, keep: readonly string[]): Promise<void> {
  const keepArray = toPgArray(keep);
  await q.query(
    `UPDATE passages SET superseded_at = coalesce(superseded_at, now()), needs_review = true
     WHERE document_id = $1 AND NOT (id = ANY($2::text[]))
       AND EXISTS (SELECT 1 FROM tags t WHERE t.passage_id = passages.id AND t.source = 'reviewer')`,
    [documentId, keepArray],
  );
  await q.query(
    `DELETE FROM passages WHERE document_id = $1 AND NOT (id = ANY($2::text[])) AND superseded_at IS NULL`,
    [documentId, keepArray],
  );
}
