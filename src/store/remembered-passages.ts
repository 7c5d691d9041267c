import type { Queryable } from './db.ts';
import { NO_TAG_LABEL } from './effective-tags.ts';
import { listImportedLabels } from './imported-labels.ts';

/** A reviewer-confirmed or imported passage with the labels known for it (undefined: not decided). */
export interface StoredDecision {
  ref: string;
  /** Set for a reviewer-confirmed passage. */
  passageId?: string;
  text: string;
  items?: string[];
  topics?: string[];
  stance?: string;
}

const EXCERPT = 60;
const excerpt = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT ? flat : `${flat.slice(0, EXCERPT - 1)}…`;
};

/**
 * Imported lines first (in import and line order), then the reviewer-confirmed passages (by passage id), so that a
 * reviewer's decision on a text outranks an import of the same text. Only the dimensions decided are set.
 */
export async function listStoredDecisions(q: Queryable, pipelineId: string): Promise<StoredDecision[]> {
  const imported = (await listImportedLabels(q, pipelineId)).map((l): StoredDecision => ({
    ref: `${l.fileName} line ${l.line} (${l.sourceId})`,
    text: l.text,
    ...(l.items ? { items: l.items } : {}),
    ...(l.topics ? { topics: l.topics } : {}),
    ...(l.stance ? { stance: l.stance } : {}),
  }));
  const rows = await q.query<{ passage_id: string; text: string; dimension: string; label: string }>(
    `SELECT p.id AS passage_id, p.text, t.dimension, t.label
     FROM tags t JOIN passages p ON p.id = t.passage_id JOIN messages m ON m.id = p.message_id
     WHERE t.source = 'reviewer' AND m.pipeline_id = $1 AND p.superseded_at IS NULL
     ORDER BY p.id, t.dimension, t.label`,
    [pipelineId],
  );
  const reviewed = new Map<string, StoredDecision>();
  for (const r of rows) {
    let d = reviewed.get(r.passage_id);
    if (!d)
      reviewed.set(
        r.passage_id,
        (d = { ref: `passage ${r.passage_id} "${excerpt(r.text)}"`, passageId: r.passage_id, text: r.text }),
      );
    const none = r.label === NO_TAG_LABEL;
    if (r.dimension === 'item') d.items = none ? (d.items ?? []) : [...(d.items ?? []), r.label];
    else if (r.dimension === 'topic') d.topics = none ? (d.topics ?? []) : [...(d.topics ?? []), r.label];
    else if (!none) d.stance = r.label;
  }
  return [...imported, ...reviewed.values()];
}

/**
 * SQL, one text value: changes whenever reviewer tags or label imports change (anywhere: cheap to read, conservative
 * to compare), so a process can keep its memory until then. Stage inputs read it along (store/stage-inputs.ts).
 */
export const DECISIONS_STAMP_SQL = `concat_ws('|', (SELECT count(*) FROM tags WHERE source = 'reviewer'),
  (SELECT max(created_at) FROM tags WHERE source = 'reviewer'), (SELECT count(*) FROM label_imports),
  (SELECT max(imported_at) FROM label_imports))`;

export async function decisionsStamp(q: Queryable): Promise<string> {
  const [row] = await q.query<{ stamp: string }>(`SELECT ${DECISIONS_STAMP_SQL} AS stamp`);
  return row?.stamp ?? '';
}

/**
 * SQL, a json array or NULL: the passages of the message `messageIdSql` a reviewer decided. The memory leaves them
 * out when that message is classified again (their reviewer tags stand).
 */
export const reviewedPassagesSql = (messageIdSql: string): string =>
  `(SELECT json_agg(DISTINCT t.passage_id) FROM tags t JOIN passages p ON p.id = t.passage_id
    WHERE p.message_id = ${messageIdSql} AND t.source = 'reviewer')`;

/** The passages of a message a reviewer decided (see reviewedPassagesSql). */
export async function reviewedPassageIds(q: Queryable, messageId: string): Promise<Set<string>> {
  const [row] = await q.query<{ ids: string[] | null }>(`SELECT ${reviewedPassagesSql('$1')} AS ids`, [messageId]);
  return new Set(row?.ids ?? []);
}
