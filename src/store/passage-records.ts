import type { TagDimension, TagSource } from '../core/types.ts';
import type { Queryable } from './db.ts';
import { effectiveOnDimension } from './effective-tags.ts';
import { ORIGIN_PATH_SQL } from './review-records.ts';

/** One passage with its effective tags, in the shape of the export contract (README, "export"). */
export interface PassageRecord {
  id: string;
  pipelineId: string;
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
  /** The reviewer's word on boilerplate when there is one, else the extractor's. */
  isBoilerplate: boolean;
  /** Who the passage speaks for: the reviewer's assignment, else the machine's attribution (src/attribute/). */
  respondent: { ags: string; confidence: number } | null;
  reviewed: boolean;
  /** Near-duplicate group (src/similarity/near-duplicates.ts), or null. */
  group: string | null;
}

interface Row {
  passage_id: string;
  pipeline_id: string;
  boilerplate_override: boolean | null;
  respondent_ags: string | null;
  respondent_confidence: number | null;
  reviewed: boolean;
  group_id: string | null;
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
    id: r.passage_id,
    pipelineId: r.pipeline_id,
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
    isBoilerplate: r.boilerplate_override ?? r.boilerplate !== null,
    respondent: r.respondent_ags
      ? { ags: r.respondent_ags, confidence: Math.round((r.respondent_confidence ?? 0) * 1000) / 1000 }
      : null,
    reviewed: r.reviewed,
    group: r.group_id,
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
            p.page, p.seq, p.text, p.needs_review, p.boilerplate, m.pipeline_id, pr.boilerplate_override,
            (pr.reviewed_at IS NOT NULL) AS reviewed, g.group_id,
            CASE WHEN ra.message_id IS NOT NULL THEN ra.ags ELSE rr.ags END AS respondent_ags,
            CASE WHEN ra.message_id IS NOT NULL THEN 1 ELSE rr.confidence END AS respondent_confidence,
            (SELECT json_agg(json_build_object('dimension', t.dimension, 'label', t.label, 'source', t.source,
                                               'confidence', t.confidence))
               FROM tags t WHERE t.passage_id = p.id) AS tags
     FROM passages p
     JOIN documents d ON d.id = p.document_id
     JOIN messages m ON m.id = p.message_id
     LEFT JOIN passage_reviews pr ON pr.passage_id = p.id
     LEFT JOIN passage_groups g ON g.passage_id = p.id
     LEFT JOIN respondent_assignments ra ON ra.message_id = p.message_id AND ra.origin_path = ${ORIGIN_PATH_SQL}
     LEFT JOIN reply_respondents rr ON rr.message_id = p.message_id AND rr.origin_path = ${ORIGIN_PATH_SQL}
     WHERE ($1::text IS NULL OR m.pipeline_id = $1) AND p.superseded_at IS NULL
     ORDER BY m.received_at, m.id, d.position, p.seq`,
    [pipelineId],
  );
  return rows.map(toRecord);
}
