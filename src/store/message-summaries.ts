import type { Queryable } from './db.ts';
import { toPgArray } from './messages.ts';

export interface MessageSummary {
  id: string;
  from_address: string | null;
  subject: string | null;
  state: string;
  error_code: string | null;
  documents: number;
  documents_failed: number;
  document_errors: string | null;
  passages: number;
  items: string | null;
}

/** One line per message for CLI summaries: counts and the distinct items its passages were tagged with. */
export async function listMessageSummaries(q: Queryable, ids: readonly string[] | null): Promise<MessageSummary[]> {
  return q.query<MessageSummary>(
    `SELECT m.id, m.from_address, m.subject, m.state, m.error_code,
       (SELECT count(*)::int FROM documents d WHERE d.message_id = m.id) AS documents,
       (SELECT count(*)::int FROM documents d WHERE d.message_id = m.id AND d.state IN ('failed', 'unsupported'))
         AS documents_failed,
       (SELECT string_agg(coalesce(d.filename, d.path) || ': ' || d.error_code, '; ' ORDER BY d.position)
          FROM documents d WHERE d.message_id = m.id AND d.error_code IS NOT NULL) AS document_errors,
       (SELECT count(*)::int FROM passages p WHERE p.message_id = m.id) AS passages,
       (SELECT string_agg(DISTINCT t.label, ' ' ORDER BY t.label) FROM tags t JOIN passages p ON p.id = t.passage_id
          WHERE p.message_id = m.id AND t.dimension = 'item') AS items
     FROM messages m
     WHERE ($1::text[] IS NULL OR m.id = ANY($1::text[]))
     ORDER BY m.received_at, m.id`,
    [ids ? toPgArray(ids) : null],
  );
}
