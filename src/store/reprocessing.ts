import { IntegrityError } from '../core/errors.ts';
import type { MessageProgress } from './messages.ts';
import type { Queryable } from './db.ts';

export type ReprocessStage = 'extract' | 'classify';

export interface ReprocessSelection {
  pipelineId: string;
  failedOnly: boolean;
  since: Date | null;
  /** Our id (msg_…) or the mail's Message-ID header. */
  messageId: string | null;
}

export interface SelectedMessage {
  id: string;
  state: string;
  subject: string | null;
  extracted_documents: number;
  documents: number;
}

export async function selectMessagesForReprocess(q: Queryable, s: ReprocessSelection): Promise<SelectedMessage[]> {
  return q.query<SelectedMessage>(
    `SELECT m.id, m.state, m.subject,
       (SELECT count(*)::int FROM documents d WHERE d.message_id = m.id AND d.state = 'extracted') AS extracted_documents,
       (SELECT count(*)::int FROM documents d WHERE d.message_id = m.id) AS documents
     FROM messages m
     WHERE m.pipeline_id = $1
       AND (NOT $2::boolean OR m.state = 'failed'
            OR EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id AND d.state = 'failed'))
       AND ($3::timestamptz IS NULL OR m.received_at >= $3)
       AND ($4::text IS NULL OR m.id = $4 OR m.header_message_id = $4)
     ORDER BY m.received_at, m.id`,
    [s.pipelineId, s.failedOnly, s.since, s.messageId],
  );
}

/**
 * Puts a message back before `stage` under a new generation, atomically: jobs of older generations then do
 * nothing, so two reprocess runs at once, or one racing the original run, cannot interleave their writes.
 * A message without documents starts again from parsing; one without extracted text from extraction.
 */
export async function resetForReprocess(q: Queryable, id: string, stage: ReprocessStage): Promise<MessageProgress> {
  // Lock the message first: a concurrent reset must see this one's document states, not a stale count.
  await q.query('SELECT id FROM messages WHERE id = $1 FOR UPDATE', [id]);
  const [counts] = await q.query<{ documents: number; extracted: number; pending: number }>(
    `SELECT count(*)::int AS documents, count(*) FILTER (WHERE state = 'extracted')::int AS extracted,
       count(*) FILTER (WHERE state = 'pending')::int AS pending
     FROM documents WHERE message_id = $1`,
    [id],
  );
  // Classification alone is only possible when extraction has finished for every document.
  const needsExtraction = counts !== undefined && (counts.extracted === 0 || counts.pending > 0);
  const effective = counts?.documents === 0 ? 'parse' : stage === 'classify' && needsExtraction ? 'extract' : stage;
  if (effective === 'extract') {
    await q.query(
      `UPDATE documents SET state = 'pending', error_code = NULL, error_detail = NULL, attempt = attempt + 1, claimed_by = NULL, updated_at = now() WHERE message_id = $1`,
      [id],
    );
  }
  const state = effective === 'parse' ? 'received' : effective === 'extract' ? 'parsed' : 'extracted';
  const [row] = await q.query<MessageProgress>(
    `UPDATE messages SET state = $2, generation = generation + 1, error_code = NULL, error_detail = NULL,
       updated_at = now() WHERE id = $1 RETURNING id, state, generation`,
    [id, state],
  );
  if (!row) throw new IntegrityError('integrity.row_missing', `message ${id} vanished during reprocess`);
  return row;
}
