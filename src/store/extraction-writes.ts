import type { Failure } from '../core/errors.ts';
import type { DocumentState, ExtractedDocument } from '../core/types.ts';
import type { Queryable } from './db.ts';

/**
 * What one claimed run did with one document of a message: its text and blocks, the reason it has none, or nothing
 * (`release`: a scan on its way to the OCR queue, or an extraction that threw, whose retry claims again). `attempt`
 * is the run's claim token (docs/reliability.md, class 2).
 */
export type MessageExtraction = { documentId: string; attempt: number } & (
  | { kind: 'extracted'; version: string; doc: ExtractedDocument }
  | { kind: 'failed'; version: string; failure: Failure }
  | { kind: 'release' }
);

export interface MessageExtractionWrite {
  /** The documents whose terminal write landed; a document missing here was finished or claimed by another run. */
  written: Set<string>;
  /** Whether the same statement moved the message parsed → extracted in the given generation. */
  moved: boolean;
}

/** PostgreSQL's text and jsonb cannot hold U+0000; extractors strip it, and this is the last guard (class 4). */
const withoutNul = (text: string): string => (text.includes('\0') ? text.replaceAll('\0', ' ') : text);

/**
 * The chained extract stage's write: every document of a message that one run extracted, failed or gives back, in
 * one statement with the fan-in, instead of one statement per document (and a further fan-in statement whenever two
 * documents' writes did not see each other). Each row lands under the same condition as writeExtraction's: the
 * document is still pending and the run still holds its claim (`attempt` unchanged), so a late or duplicate run
 * never overwrites a finished document nor one that another run claimed meanwhile. The message moves to `extracted`
 * when no other document of it stays pending — a document given back (a scan) keeps it waiting.
 */
export async function writeMessageExtractions(
  q: Queryable,
  messageId: string,
  generation: number,
  outcomes: readonly MessageExtraction[],
): Promise<MessageExtractionWrite> {
  if (outcomes.length === 0) return { written: new Set(), moved: false };
  const rows = outcomes.map((o) => {
    const base = { id: o.documentId, attempt: o.attempt };
    switch (o.kind) {
      case 'extracted':
        return {
          ...base,
          state: 'extracted' satisfies DocumentState,
          version: o.version,
          format: o.doc.format,
          page_count: o.doc.pageCount,
          truncated: o.doc.truncated ?? null,
          ocr_confidence: o.doc.ocrConfidence ?? null,
          text: withoutNul(o.doc.text),
          blocks: o.doc.blocks.map((b) => ({ ...b, text: withoutNul(b.text) })),
        };
      case 'failed':
        return {
          ...base,
          state: (o.failure.code === 'extract.unsupported_type' ? 'unsupported' : 'failed') satisfies DocumentState,
          version: o.version,
          error_code: o.failure.code,
          error_detail: withoutNul(o.failure.detail),
        };
      case 'release':
        return { ...base, state: 'pending' satisfies DocumentState };
    }
  });
  const [row] = await q.query<{ written: string[] | null; moved: boolean }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(id text, attempt int, state text, version text, format text,
         page_count int, truncated text, ocr_confidence real, text text, blocks jsonb, error_code text, error_detail text)
     ), doc AS (
       UPDATE documents d SET state = r.state, extractor_version = r.version, text = r.text, blocks = r.blocks,
         -- as writeExtractionFailure: a failure leaves what an earlier extraction recorded of the format
         format = CASE WHEN r.state = 'extracted' THEN r.format ELSE d.format END,
         page_count = CASE WHEN r.state = 'extracted' THEN r.page_count ELSE d.page_count END,
         truncated = CASE WHEN r.state = 'extracted' THEN r.truncated ELSE d.truncated END,
         ocr_confidence = CASE WHEN r.state = 'extracted' THEN r.ocr_confidence ELSE d.ocr_confidence END,
         error_code = r.error_code, error_detail = r.error_detail, claimed_by = NULL, updated_at = now()
       FROM input r
       WHERE d.id = r.id AND d.message_id = $1 AND r.state <> 'pending' AND d.state = 'pending' AND d.attempt = r.attempt
       RETURNING d.id
     ), released AS (
       UPDATE documents d SET claimed_by = NULL
       FROM input r
       WHERE d.id = r.id AND d.message_id = $1 AND r.state = 'pending' AND d.state = 'pending' AND d.attempt = r.attempt
       RETURNING d.id
     ), moved AS (
       UPDATE messages m SET state = 'extracted', error_code = NULL, error_detail = NULL, updated_at = now()
       WHERE m.id = $1 AND m.state = 'parsed' AND m.generation = $2::int AND EXISTS (SELECT 1 FROM doc)
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id AND d.state = 'pending'
                           AND d.id NOT IN (SELECT id FROM doc))
       RETURNING m.id
     )
     SELECT (SELECT json_agg(id) FROM doc) AS written, EXISTS (SELECT 1 FROM moved) AS moved`,
    [messageId, generation, JSON.stringify(rows)],
  );
  return { written: new Set(row?.written ?? []), moved: row?.moved === true };
}
