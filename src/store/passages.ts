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
  for (const [i, { passage: p, tags, needsReview }] of tagged.entries()) {
    const id = ids[i] as string;
    await q.query(
      `INSERT INTO passages (id, message_id, document_id, seq, page, char_start, char_end, text, heading, boilerplate, needs_review)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, page = EXCLUDED.page, char_start = EXCLUDED.char_start,
         char_end = EXCLUDED.char_end, heading = EXCLUDED.heading, boilerplate = EXCLUDED.boilerplate,
         needs_review = EXCLUDED.needs_review, superseded_at = NULL`,
      [id, messageId, documentId, p.seq, p.page, p.start, p.end, p.text, p.heading, p.boilerplate, needsReview],
    );
    await q.query(`DELETE FROM tags WHERE passage_id = $1 AND source <> 'reviewer'`, [id]);
    for (const t of tags) {
      await q.query(
        `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason, model_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (passage_id, dimension, label, source) DO UPDATE
           SET confidence = EXCLUDED.confidence, reason = EXCLUDED.reason, model_version = EXCLUDED.model_version`,
        [id, t.dimension, t.label, t.source, t.confidence, t.reason, modelVersion],
      );
    }
  }
  await retireStalePassages(q, documentId, ids);
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
