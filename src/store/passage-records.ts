import type { TagDimension, TagSource } from '../core/types.ts';
import type { Queryable } from './db.ts';
import { effectiveOnDimension } from './effective-tags.ts';

/** One passage with its effective tags, in the shape of the export contract (README, "export"). */
export interface PassageRecord {
  message: { messageId: string | null; from: string | null; subject: string | null; date: string | null };
  source: { kind: 'body' | 'attachment'; filename: string | null; page: number | null };
  seq: number;
  text: string;
  items: string[];
  topics: string[];
  stance: string | null;
  confidence: number;
  tagSource: TagSource | null;
  needsReview: boolean;
  boilerplate: string | null;
}

interface Row {
  passage_id: string;
  header_message_id: string | null;
  from_address: string | null;
  subject: string | null;
  sent_at: Date | null;
  kind: 'body' | 'attachment';
  filename: string | null;
  page: number | null;
  seq: number;
  text: string;
  needs_review: boolean;
  boilerplate: string | null;
  tags: { dimension: TagDimension; label: string; source: TagSource; confidence: number }[] | null;
}

/** Reviewer tags on a dimension replace the machine's on that dimension (src/store/effective-tags.ts). */
const effective = (tags: NonNullable<Row['tags']>, dimension: TagDimension) => effectiveOnDimension(tags, dimension);

function toRecord(r: Row): PassageRecord {
  const tags = r.tags ?? [];
  const items = effective(tags, 'item');
  const topics = effective(tags, 'topic');
  const stance = effective(tags, 'stance').sort((a, b) => b.confidence - a.confidence)[0] ?? null;
  const chosen = [...items, ...topics, ...(stance ? [stance] : [])];
  return {
    message: {
      messageId: r.header_message_id,
      from: r.from_address,
      subject: r.subject,
      date: r.sent_at?.toISOString() ?? null,
    },
    source: { kind: r.kind, filename: r.filename, page: r.page },
    seq: r.seq,
    text: r.text,
    items: items.map((t) => t.label),
    topics: topics.map((t) => t.label),
    stance: stance?.label ?? null,
    // The weakest chosen tag bounds how far the passage as a whole can be trusted.
    confidence: chosen.length ? Math.min(...chosen.map((t) => t.confidence)) : 0,
    tagSource: chosen.some((t) => t.source === 'reviewer') ? 'reviewer' : (chosen[0]?.source ?? null),
    needsReview: r.needs_review,
    boilerplate: r.boilerplate,
  };
}

export async function listPassageRecords(q: Queryable, pipelineId: string | null): Promise<PassageRecord[]> {
  const rows = await q.query<Row>(
    // A forwarded reply speaks for its own sender: its headers, where present, stand for the message's.
    `SELECT p.id AS passage_id,
            COALESCE(d.origin->>'messageId', m.header_message_id) AS header_message_id,
            COALESCE(d.origin->>'from', m.from_address) AS from_address,
            COALESCE(d.origin->>'subject', m.subject) AS subject,
            COALESCE((d.origin->>'date')::timestamptz, m.sent_at) AS sent_at, d.kind, d.filename,
            p.page, p.seq, p.text, p.needs_review, p.boilerplate,
            (SELECT json_agg(json_build_object('dimension', t.dimension, 'label', t.label, 'source', t.source,
                                               'confidence', t.confidence))
               FROM tags t WHERE t.passage_id = p.id) AS tags
     FROM passages p
     JOIN documents d ON d.id = p.document_id
     JOIN messages m ON m.id = p.message_id
     WHERE ($1::text IS NULL OR m.pipeline_id = $1) AND p.superseded_at IS NULL
     ORDER BY m.received_at, m.id, d.position, p.seq`,
    [pipelineId],
  );
  return rows.map(toRecord);
}
