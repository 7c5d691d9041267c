import type { Queryable } from './db.ts';
import { ORIGIN_PATH_SQL } from './review-records.ts';

/** A reply unit's sender, letter parts, subject and file names, plus the reviewer's assignment (src/attribute/). */
export interface RespondentSource {
  message_id: string;
  origin_path: string;
  from_name: string | null;
  from_address: string | null;
  sent_at: Date | null;
  /** Letterhead, address, reference, closing and signature passages: where a county names itself. */
  signature: string | null;
  subject?: string | null;
  /** Attachment names of the unit, one per line. */
  filenames?: string | null;
  /** Whether a reviewer assigned this unit; then ags is the AGS, or null for "not a Landkreis". */
  assigned: boolean;
  ags: string | null;
  assigned_by: string | null;
}

export async function listRespondentSources(q: Queryable, pipelineId: string): Promise<RespondentSource[]> {
  return q.query<RespondentSource>(
    `WITH units AS (
       SELECT DISTINCT ON (d.message_id, ${ORIGIN_PATH_SQL}) d.message_id, ${ORIGIN_PATH_SQL} AS origin_path,
              COALESCE(d.origin->>'fromName', m.from_name) AS from_name,
              COALESCE(d.origin->>'from', m.from_address) AS from_address,
              COALESCE((d.origin->>'date')::timestamptz, m.sent_at, m.received_at) AS sent_at,
              COALESCE(d.origin->>'subject', m.subject) AS subject
       FROM documents d JOIN messages m ON m.id = d.message_id
       WHERE m.pipeline_id = $1
       ORDER BY d.message_id, ${ORIGIN_PATH_SQL}, d.position
     )
     SELECT u.message_id, u.origin_path, u.from_name, u.from_address, u.sent_at, u.subject,
       (SELECT string_agg(d.filename, E'\\n' ORDER BY d.position) FROM documents d
          WHERE d.message_id = u.message_id AND ${ORIGIN_PATH_SQL} = u.origin_path AND d.filename IS NOT NULL) AS filenames,
       (SELECT string_agg(p.text, E'\\n' ORDER BY d.position, p.seq) FROM passages p JOIN documents d ON d.id = p.document_id
          WHERE p.message_id = u.message_id AND ${ORIGIN_PATH_SQL} = u.origin_path
            AND p.boilerplate IN ('letterhead', 'address', 'reference', 'signature', 'closing')) AS signature,
       (a.message_id IS NOT NULL) AS assigned, a.ags, a.assigned_by
     FROM units u
     LEFT JOIN respondent_assignments a ON a.message_id = u.message_id AND a.origin_path = u.origin_path
     UNION ALL
     -- A message not parsed yet (or failed before parsing) still counts as a reply from its sender.
     SELECT m.id, '', m.from_name, m.from_address, coalesce(m.sent_at, m.received_at), m.subject, NULL, NULL,
            (a.message_id IS NOT NULL), a.ags, a.assigned_by
     FROM messages m LEFT JOIN respondent_assignments a ON a.message_id = m.id AND a.origin_path = ''
     WHERE m.pipeline_id = $1 AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.message_id = m.id)`,
    [pipelineId],
  );
}

export async function assignRespondent(
  q: Queryable,
  a: { messageId: string; originPath: string; ags: string | null; username: string },
): Promise<void> {
  await q.query(
    `INSERT INTO respondent_assignments (message_id, origin_path, ags, assigned_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (message_id, origin_path) DO UPDATE SET ags = EXCLUDED.ags, assigned_by = EXCLUDED.assigned_by,
       assigned_at = now()`,
    [a.messageId, a.originPath, a.ags, a.username],
  );
}

export async function clearRespondentAssignment(q: Queryable, messageId: string, originPath: string): Promise<void> {
  await q.query('DELETE FROM respondent_assignments WHERE message_id = $1 AND origin_path = $2', [
    messageId,
    originPath,
  ]);
}
