import { stableId } from '../core/ids.ts';
import type { Passage, Tag } from '../core/types.ts';
import type { Queryable } from './db.ts';

export interface TaggedPassage {
  passage: Passage;
  tags: Tag[];
  needsReview: boolean;
}

export const passageId = (documentId: string, seq: number): string => stableId('psg', documentId, seq);

/**
 * Replaces one document's passages and machine tags in the caller's transaction. Reviewer tags survive: they hang
 * on the same deterministic passage id, and only rule/model rows are deleted.
 */
export async function replaceDocumentPassages(
  q: Queryable,
  messageId: string,
  documentId: string,
  tagged: readonly TaggedPassage[],
  modelVersion: string,
): Promise<void> {
  for (const { passage: p, tags, needsReview } of tagged) {
    const id = passageId(documentId, p.seq);
    await q.query(
      `INSERT INTO passages (id, message_id, document_id, seq, page, char_start, char_end, text, heading, boilerplate, needs_review)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET page = EXCLUDED.page, char_start = EXCLUDED.char_start, char_end = EXCLUDED.char_end,
         text = EXCLUDED.text, heading = EXCLUDED.heading, boilerplate = EXCLUDED.boilerplate,
         needs_review = EXCLUDED.needs_review`,
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
  // A re-extraction that yields fewer passages must not leave stale ones behind, unless a reviewer worked on them.
  await q.query(
    `DELETE FROM passages WHERE document_id = $1 AND seq >= $2
       AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.passage_id = passages.id AND t.source = 'reviewer')`,
    [documentId, tagged.length],
  );
}
