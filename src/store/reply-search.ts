import type { MessageState } from '../core/types.ts';
import type { Queryable, SqlParam } from './db.ts';
import { CONTENT, type InboxRow } from './inbox.ts';
import { toPgArray } from './messages.ts';

export const REPLY_SORTS = ['-date', 'date', 'to-review'] as const;
export type ReplySort = (typeof REPLY_SORTS)[number];

export interface ReplyFilter {
  pipelineId: string;
  q?: string | undefined;
  state?: MessageState | undefined;
  /** Replies sent after this Berlin calendar day (the deadline): true late, false on time. */
  late?: { deadline: string; value: boolean } | undefined;
  /** Message ids the respondent filters (land, attributed) resolved to; [] matches nothing. */
  messageIds?: readonly string[] | undefined;
  assignee?: string | undefined;
  sort: ReplySort;
  page: number;
  pageSize: number;
}

/** A reply as the inbox lists it, plus who works on it. */
export interface FoundReply extends InboxRow {
  assignee: string | null;
}

const BERLIN_DAY = `(coalesce(m.sent_at, m.received_at) AT TIME ZONE 'Europe/Berlin')::date`;

/** One page of replies with their review progress, and how many match in all. */
export async function searchReplies(q: Queryable, f: ReplyFilter): Promise<{ total: number; replies: FoundReply[] }> {
  const params: SqlParam[] = [f.pipelineId];
  const add = (v: SqlParam) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['m.pipeline_id = $1'];
  if (f.q) {
    const text = add(f.q);
    const like = add(`%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
    where.push(`(m.subject ILIKE ${like} OR m.from_address ILIKE ${like} OR m.from_name ILIKE ${like}
      OR EXISTS (SELECT 1 FROM passages s WHERE s.message_id = m.id AND s.superseded_at IS NULL
                 AND s.search @@ websearch_to_tsquery('german', ${text})))`);
  }
  if (f.state) where.push(`m.state = ${add(f.state)}`);
  if (f.late) where.push(`${BERLIN_DAY} ${f.late.value ? '>' : '<='} ${add(f.late.deadline)}::date`);
  if (f.messageIds) where.push(`m.id = ANY(${add(toPgArray(f.messageIds))}::text[])`);
  if (f.assignee) where.push(`a.username = ${add(f.assignee)}`);
  const order =
    f.sort === 'date'
      ? 'coalesce(m.sent_at, m.received_at), m.id'
      : f.sort === 'to-review'
        ? 'to_review DESC, coalesce(m.sent_at, m.received_at) DESC, m.id'
        : 'coalesce(m.sent_at, m.received_at) DESC, m.id';
  const from = `FROM messages m LEFT JOIN reply_assignments a ON a.message_id = m.id WHERE ${where.join(' AND ')}`;
  const [count, replies] = await Promise.all([
    q.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params),
    q.query<FoundReply>(
      `SELECT m.id, m.from_address, m.from_name, m.subject, m.sent_at, m.received_at, m.state, m.error_code, m.error_detail,
         a.username AS assignee,
         (SELECT string_agg(coalesce(d.filename, d.path) || ': ' || d.error_code || ' – ' || coalesce(d.error_detail, ''), '; '
                            ORDER BY d.position)
            FROM documents d WHERE d.message_id = m.id AND d.error_code IS NOT NULL) AS document_errors,
         c.passages, c.reviewed, c.to_review
       ${from.replace(
         'WHERE',
         `LEFT JOIN LATERAL (
         SELECT count(p.id) FILTER (WHERE ${CONTENT})::int AS passages,
                count(p.id) FILTER (WHERE ${CONTENT} AND r.reviewed_at IS NOT NULL)::int AS reviewed,
                count(p.id) FILTER (WHERE ${CONTENT} AND p.needs_review AND r.reviewed_at IS NULL)::int AS to_review
         FROM passages p LEFT JOIN passage_reviews r ON r.passage_id = p.id
         WHERE p.message_id = m.id AND p.superseded_at IS NULL) c ON true WHERE`,
       )}
       ORDER BY ${order}
       LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
      params,
    ),
  ]);
  return { total: count[0]?.n ?? 0, replies };
}

export async function assignReply(q: Queryable, messageId: string, username: string | null, by: string): Promise<void> {
  if (username === null) {
    await q.query('DELETE FROM reply_assignments WHERE message_id = $1', [messageId]);
    return;
  }
  await q.query(
    `INSERT INTO reply_assignments (message_id, username, assigned_by) VALUES ($1, $2, $3)
     ON CONFLICT (message_id) DO UPDATE SET username = EXCLUDED.username, assigned_by = EXCLUDED.assigned_by, assigned_at = now()`,
    [messageId, username, by],
  );
}

export async function replyAssignee(q: Queryable, messageId: string): Promise<string | null> {
  const rows = await q.query<{ username: string }>('SELECT username FROM reply_assignments WHERE message_id = $1', [
    messageId,
  ]);
  return rows[0]?.username ?? null;
}

/** The reply after this one in the inbox's default order (newest first), or null at the end. */
export async function nextReplyAfter(q: Queryable, pipelineId: string, messageId: string): Promise<string | null> {
  const rows = await q.query<{ id: string }>(
    `WITH cur AS (SELECT coalesce(sent_at, received_at) AS at, id FROM messages WHERE id = $2)
     SELECT m.id FROM messages m, cur
     WHERE m.pipeline_id = $1
       AND (coalesce(m.sent_at, m.received_at) < cur.at OR (coalesce(m.sent_at, m.received_at) = cur.at AND m.id > cur.id))
     ORDER BY coalesce(m.sent_at, m.received_at) DESC, m.id LIMIT 1`,
    [pipelineId, messageId],
  );
  return rows[0]?.id ?? null;
}
