/** A passage as relations see it: where it stands and whether it is a statement. */
export interface RelationPassage {
  id: string;
  messageId: string;
  originPath: string;
  text: string;
  boilerplate: boolean;
}

/** What relations computed for a pipeline (src/queue/relations/compute-relations.ts), ready to be stored. */
export interface ReplyRelations {
  /** passage id → near-duplicate group id, for passages in a group. */
  groups: Map<string, string>;
  endorsements: { passageId: string; target: string; targetAgs: string | null; phrase: string }[];
  /** Keys are "messageId/originPath". */
  versions: { key: string; earlierKey: string; relation: 'addendum' | 'replacement' }[];
}

/** A reply unit's attribution as stored (src/attribute/resolve-respondents.ts computes it). */
export interface StoredAttribution {
  messageId: string;
  originPath: string;
  respondent: { ags: string } | null;
  source: 'reviewer' | 'auto' | 'none';
  confidence: number;
  needsReview: boolean;
  reason: string;
  clues: unknown;
}
import type { Db, Queryable } from './db.ts';
import { ORIGIN_PATH_SQL } from './review-records.ts';

/** Every live passage of a pipeline with its reply unit, the reviewer's boilerplate word taken over the machine's. */
export async function listRelationPassages(q: Queryable, pipelineId: string): Promise<RelationPassage[]> {
  return q.query<RelationPassage>(
    `SELECT p.id, p.message_id AS "messageId", ${ORIGIN_PATH_SQL} AS "originPath", p.text,
            COALESCE(r.boilerplate_override, p.boilerplate IS NOT NULL) AS boilerplate
     FROM passages p JOIN documents d ON d.id = p.document_id JOIN messages m ON m.id = p.message_id
     LEFT JOIN passage_reviews r ON r.passage_id = p.id
     WHERE m.pipeline_id = $1 AND p.superseded_at IS NULL
     ORDER BY m.received_at, p.message_id, d.position, p.seq`,
    [pipelineId],
  );
}

const splitKey = (key: string): [string, string] => {
  const at = key.indexOf('/');
  return [key.slice(0, at), key.slice(at + 1)];
};

/**
 * Replaces the machine's relations of a pipeline in one transaction. Reviewer-set versions stay; the machine's
 * attribution is stored beside the reviewer's assignment, which readers prefer.
 */
export async function saveReplyRelations(
  db: Db,
  pipelineId: string,
  units: readonly StoredAttribution[],
  relations: ReplyRelations,
): Promise<void> {
  await db.transaction(async (tx) => {
    // Two classify jobs finishing at once would both delete and insert the same rows: one refresh at a time.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('reply-relations:' || $1))`, [pipelineId]);
    const inPipeline = 'SELECT id FROM messages WHERE pipeline_id = $1';
    await tx.query(`DELETE FROM reply_respondents WHERE message_id IN (${inPipeline})`, [pipelineId]);
    const auto = units.filter((u) => u.source !== 'reviewer');
    if (auto.length > 0)
      await tx.query(
        `INSERT INTO reply_respondents (message_id, origin_path, ags, confidence, needs_review, reason, clues)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(message_id text, origin_path text, ags text,
           confidence real, needs_review boolean, reason text, clues jsonb)
         WHERE EXISTS (SELECT 1 FROM messages m WHERE m.id = x.message_id)`,
        [
          JSON.stringify(
            auto.map((u) => ({
              message_id: u.messageId,
              origin_path: u.originPath,
              ags: u.respondent?.ags ?? null,
              confidence: u.confidence,
              needs_review: u.needsReview,
              reason: u.reason,
              clues: u.clues,
            })),
          ),
        ],
      );
    await tx.query('DELETE FROM passage_groups WHERE pipeline_id = $1', [pipelineId]);
    if (relations.groups.size > 0)
      await tx.query(
        `INSERT INTO passage_groups (passage_id, pipeline_id, group_id)
         SELECT x.passage_id, $2, x.group_id FROM jsonb_to_recordset($1::jsonb) AS x(passage_id text, group_id text)`,
        [JSON.stringify([...relations.groups].map(([passage_id, group_id]) => ({ passage_id, group_id }))), pipelineId],
      );
    await tx.query('DELETE FROM endorsements WHERE pipeline_id = $1', [pipelineId]);
    if (relations.endorsements.length > 0)
      await tx.query(
        `INSERT INTO endorsements (passage_id, pipeline_id, target, target_ags, phrase)
         SELECT x.passage_id, $2, x.target, x.target_ags, x.phrase
         FROM jsonb_to_recordset($1::jsonb) AS x(passage_id text, target text, target_ags text, phrase text)`,
        [
          JSON.stringify(
            relations.endorsements.map((e) => ({
              passage_id: e.passageId,
              target: e.target,
              target_ags: e.targetAgs,
              phrase: e.phrase,
            })),
          ),
          pipelineId,
        ],
      );
    await tx.query(`DELETE FROM reply_versions WHERE source = 'auto' AND message_id IN (${inPipeline})`, [pipelineId]);
    if (relations.versions.length > 0)
      await tx.query(
        `INSERT INTO reply_versions (message_id, origin_path, earlier_message_id, earlier_origin_path, relation, source)
         SELECT x.m, x.o, x.em, x.eo, x.relation, 'auto'
         FROM jsonb_to_recordset($1::jsonb) AS x(m text, o text, em text, eo text, relation text)
         ON CONFLICT (message_id, origin_path) DO NOTHING`,
        [
          JSON.stringify(
            relations.versions.map((v) => {
              const [m, o] = splitKey(v.key);
              const [em, eo] = splitKey(v.earlierKey);
              return { m, o, em, eo, relation: v.relation };
            }),
          ),
        ],
      );
  });
}

export type VersionChoice = 'addendum' | 'replacement' | 'none';

/** A reviewer's word on how a reply relates to an earlier one; it outlives every recomputation. */
export async function setReplyVersion(
  q: Queryable,
  v: {
    messageId: string;
    originPath: string;
    earlierMessageId: string;
    earlierOriginPath: string;
    relation: VersionChoice;
    username: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO reply_versions (message_id, origin_path, earlier_message_id, earlier_origin_path, relation, source, set_by)
     VALUES ($1, $2, $3, $4, $5, 'reviewer', $6)
     ON CONFLICT (message_id, origin_path) DO UPDATE SET earlier_message_id = EXCLUDED.earlier_message_id,
       earlier_origin_path = EXCLUDED.earlier_origin_path, relation = EXCLUDED.relation, source = 'reviewer',
       set_by = EXCLUDED.set_by, set_at = now()`,
    [v.messageId, v.originPath, v.earlierMessageId, v.earlierOriginPath, v.relation, v.username],
  );
}

export interface PassageRelationRow {
  passage_id: string;
  group_id: string | null;
  /** Other replies' passages in the same group. */
  group_size: number;
  endorsed: string | null;
  /** Set when the passage's reply was replaced by a later one: the passage is superseded for the synopsis. */
  replaced_by: string | null;
}

/** Per passage of a pipeline: its group, the body it endorses, and whether its reply was replaced. */
export async function listPassageRelations(q: Queryable, pipelineId: string): Promise<PassageRelationRow[]> {
  return q.query<PassageRelationRow>(
    `SELECT p.id AS passage_id, g.group_id,
            (SELECT count(*)::int FROM passage_groups g2 WHERE g2.pipeline_id = $1 AND g2.group_id = g.group_id) AS group_size,
            e.target AS endorsed,
            (SELECT v.message_id FROM reply_versions v
              WHERE v.earlier_message_id = p.message_id AND v.earlier_origin_path = ${ORIGIN_PATH_SQL}
                AND v.relation = 'replacement' LIMIT 1) AS replaced_by
     FROM passages p JOIN documents d ON d.id = p.document_id JOIN messages m ON m.id = p.message_id
     LEFT JOIN passage_groups g ON g.passage_id = p.id
     LEFT JOIN endorsements e ON e.passage_id = p.id
     WHERE m.pipeline_id = $1`,
    [pipelineId],
  );
}

export interface ReplyVersionRow {
  message_id: string;
  origin_path: string;
  earlier_message_id: string;
  earlier_origin_path: string;
  relation: VersionChoice;
  source: 'auto' | 'reviewer';
  set_by: string | null;
}

/** The version links a message takes part in, either side. */
export async function listReplyVersions(q: Queryable, messageId: string): Promise<ReplyVersionRow[]> {
  return q.query<ReplyVersionRow>(
    `SELECT message_id, origin_path, earlier_message_id, earlier_origin_path, relation, source, set_by
     FROM reply_versions WHERE message_id = $1 OR earlier_message_id = $1 ORDER BY set_at`,
    [messageId],
  );
}

export interface GroupPeerRow {
  passage_id: string;
  group_id: string;
  peer_passage_id: string;
  peer_message_id: string;
  peer_origin_path: string;
}

/** For each passage of a message in a near-duplicate group: the group's passages in other places. */
export async function listGroupPeers(q: Queryable, messageId: string): Promise<GroupPeerRow[]> {
  return q.query<GroupPeerRow>(
    `SELECT g.passage_id, g.group_id, p2.id AS peer_passage_id, p2.message_id AS peer_message_id,
            ${ORIGIN_PATH_SQL} AS peer_origin_path
     FROM passages p JOIN passage_groups g ON g.passage_id = p.id
     JOIN passage_groups g2 ON g2.group_id = g.group_id AND g2.pipeline_id = g.pipeline_id AND g2.passage_id <> p.id
     JOIN passages p2 ON p2.id = g2.passage_id JOIN documents d ON d.id = p2.document_id
     WHERE p.message_id = $1
     ORDER BY g.passage_id, p2.message_id`,
    [messageId],
  );
}

/** The endorsements said in a message's passages. */
export async function listMessageEndorsements(
  q: Queryable,
  messageId: string,
): Promise<{ passage_id: string; target: string; target_ags: string | null; phrase: string }[]> {
  return q.query(
    `SELECT e.passage_id, e.target, e.target_ags, e.phrase FROM endorsements e JOIN passages p ON p.id = e.passage_id
     WHERE p.message_id = $1 ORDER BY p.seq`,
    [messageId],
  );
}

/** The members of a near-duplicate group, to apply one reviewer's correction to all of them. */
export async function listGroupMembers(q: Queryable, groupId: string): Promise<string[]> {
  const rows = await q.query<{ passage_id: string }>(
    'SELECT passage_id FROM passage_groups WHERE group_id = $1 ORDER BY passage_id',
    [groupId],
  );
  return rows.map((r) => r.passage_id);
}
