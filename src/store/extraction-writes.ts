import type { Failure } from '../core/errors.ts';
import type { DocumentState, ExtractedDocument } from '../core/types.ts';
import type { Queryable } from './db.ts';

/** One document's extraction outcome: its text and blocks, or the reason it has none. */
export interface ExtractionOutcome {
  documentId: string;
  extractorVersion: string;
  result: { ok: true; value: ExtractedDocument } | { ok: false; error: Failure };
}

/**
 * The chained extract stage's write: every document of a message that was extracted (or failed) in one statement,
 * with the fan-in — the message moves parsed → extracted in the job's generation when no other document of it is
 * pending. One round trip per message instead of one per document (and a separate fan-in whenever two documents'
 * writes did not see each other). The rows are the same as recordExtraction/recordExtractionFailure write. A
 * document left pending (a scan on its way to OCR) keeps the message waiting. Returns whether this call moved it.
 */
export async function recordMessageExtractions(
  q: Queryable,
  messageId: string,
  generation: number,
  outcomes: readonly ExtractionOutcome[],
): Promise<boolean> {
  const rows = outcomes.map(({ documentId, extractorVersion, result }) =>
    result.ok
      ? {
          id: documentId,
          state: 'extracted' satisfies DocumentState,
          version: extractorVersion,
          format: result.value.format,
          page_count: result.value.pageCount,
          truncated: result.value.truncated ?? null,
          ocr_confidence: result.value.ocrConfidence ?? null,
          text: result.value.text,
          blocks: result.value.blocks,
        }
      : {
          id: documentId,
          state: (result.error.code === 'extract.unsupported_type' ? 'unsupported' : 'failed') satisfies DocumentState,
          version: extractorVersion,
          error_code: result.error.code,
          error_detail: result.error.detail,
        },
  );
  const [row] = await q.query<{ moved: boolean }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(id text, state text, version text, format text, page_count int,
         truncated text, ocr_confidence real, text text, blocks jsonb, error_code text, error_detail text)
     ), doc AS (
       UPDATE documents d SET state = r.state, extractor_version = r.version, text = r.text, blocks = r.blocks,
         -- as recordExtractionFailure: a failure leaves what an earlier extraction recorded of the format
         format = CASE WHEN r.state = 'extracted' THEN r.format ELSE d.format END,
         page_count = CASE WHEN r.state = 'extracted' THEN r.page_count ELSE d.page_count END,
         truncated = CASE WHEN r.state = 'extracted' THEN r.truncated ELSE d.truncated END,
         ocr_confidence = CASE WHEN r.state = 'extracted' THEN r.ocr_confidence ELSE d.ocr_confidence END,
         error_code = r.error_code, error_detail = r.error_detail, updated_at = now()
       FROM input r WHERE d.id = r.id AND d.message_id = $1
       RETURNING d.id
     ), moved AS (
       UPDATE messages m SET state = 'extracted', error_code = NULL, error_detail = NULL, updated_at = now()
       WHERE m.id = $1 AND m.state = 'parsed' AND m.generation = $2::int AND EXISTS (SELECT 1 FROM doc)
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id AND d.state = 'pending'
                           AND d.id NOT IN (SELECT id FROM input))
       RETURNING m.id
     )
     SELECT EXISTS (SELECT 1 FROM moved) AS moved`,
    [messageId, generation, JSON.stringify(rows)],
  );
  return row?.moved === true;
}
