import type { Argument, ReviewedArgument, SubjectArguments, SubjectReview } from '../core/argument-types.ts';
import type { Queryable } from './db.ts';

interface ArgumentRow {
  id: string;
  subject: string;
  label: string;
  reviewer_label: string | null;
  representative: string | null;
  representative_pinned: boolean;
  reviewed: boolean;
}

interface MemberRow {
  subject: string;
  passage_id: string;
  argument_id: string | null;
  pinned: boolean;
}

/** Reviewers' decisions per subject: reviewed arguments with their pinned passages, passages kept apart. */
export async function loadSubjectReviews(q: Queryable, pipelineId: string): Promise<Map<string, SubjectReview>> {
  const [args, pins] = await Promise.all([
    q.query<ArgumentRow>(
      `SELECT id, subject, label, reviewer_label, representative, representative_pinned, reviewed
       FROM arguments WHERE pipeline_id = $1 AND reviewed ORDER BY subject, id`,
      [pipelineId],
    ),
    q.query<MemberRow>(
      `SELECT subject, passage_id, argument_id, pinned FROM argument_members
       WHERE pipeline_id = $1 AND pinned ORDER BY subject, passage_id`,
      [pipelineId],
    ),
  ]);
  const out = new Map<string, { arguments: ReviewedArgument[]; pinnedUnassigned: string[] }>();
  const entry = (subject: string) => {
    let e = out.get(subject);
    if (!e) out.set(subject, (e = { arguments: [], pinnedUnassigned: [] }));
    return e;
  };
  const byId = new Map<string, ReviewedArgument & { pinned: string[] }>();
  for (const a of args) {
    const r = {
      id: a.id,
      label: a.reviewer_label,
      representative: a.representative_pinned ? a.representative : null,
      pinned: [] as string[],
    };
    byId.set(a.id, r);
    entry(a.subject).arguments.push(r);
  }
  for (const m of pins) {
    if (m.argument_id === null) entry(m.subject).pinnedUnassigned.push(m.passage_id);
    else byId.get(m.argument_id)?.pinned.push(m.passage_id);
  }
  return out;
}

export async function loadArgumentFingerprints(q: Queryable, pipelineId: string): Promise<Map<string, string>> {
  const rows = await q.query<{ subject: string; fingerprint: string }>(
    'SELECT subject, fingerprint FROM argument_inputs WHERE pipeline_id = $1',
    [pipelineId],
  );
  return new Map(rows.map((r) => [r.subject, r.fingerprint]));
}

/**
 * Stores a subject's new grouping: machine arguments and unpinned memberships are replaced; reviewed arguments keep
 * id and reviewer label and get the machine label and quote where the reviewer gave none; pinned memberships stay
 * unless their passage left the subject. Run inside a transaction.
 */
export async function saveSubjectArguments(
  tx: Queryable,
  pipelineId: string,
  grouping: SubjectArguments,
  fingerprint: string,
): Promise<void> {
  const { subject } = grouping;
  const present = [...grouping.arguments.flatMap((a) => a.passages), ...grouping.unassigned];
  await tx.query('DELETE FROM arguments WHERE pipeline_id = $1 AND subject = $2 AND NOT reviewed', [
    pipelineId,
    subject,
  ]);
  await tx.query(
    `DELETE FROM argument_members WHERE pipeline_id = $1 AND subject = $2
       AND (NOT pinned OR NOT (passage_id = ANY($3::text[])))`,
    [pipelineId, subject, toArray(present)],
  );
  for (const a of grouping.arguments) await upsertArgument(tx, pipelineId, subject, a);
  const rows = [
    ...grouping.arguments.flatMap((a) => a.passages.map((p) => [p, a.id] as const)),
    ...grouping.unassigned.map((p) => [p, null] as const),
  ];
  if (rows.length > 0)
    await tx.query(
      `INSERT INTO argument_members (pipeline_id, subject, passage_id, argument_id)
       SELECT $1, $2, p, a FROM unnest($3::text[], $4::text[]) AS t(p, a)
       ON CONFLICT (pipeline_id, subject, passage_id) DO NOTHING`,
      [pipelineId, subject, toArray(rows.map((r) => r[0])), toArray(rows.map((r) => r[1]))],
    );
  await tx.query(
    `INSERT INTO argument_inputs (pipeline_id, subject, fingerprint) VALUES ($1, $2, $3)
     ON CONFLICT (pipeline_id, subject) DO UPDATE SET fingerprint = excluded.fingerprint, computed_at = now()`,
    [pipelineId, subject, fingerprint],
  );
}

async function upsertArgument(tx: Queryable, pipelineId: string, subject: string, a: Argument): Promise<void> {
  await tx.query(
    `INSERT INTO arguments (id, pipeline_id, subject, label, representative) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET
       label = COALESCE(arguments.reviewer_label, excluded.label),
       representative = CASE WHEN arguments.representative_pinned THEN arguments.representative
                             ELSE excluded.representative END,
       updated_at = now()`,
    [a.id, pipelineId, subject, a.label, a.representative],
  );
}

/** A subject's stored grouping; members whose passage no longer exists are gone with it (foreign key). */
export async function loadSubjectArguments(
  q: Queryable,
  pipelineId: string,
  subject: string,
): Promise<SubjectArguments> {
  const [args, members] = await Promise.all([
    q.query<ArgumentRow>(
      `SELECT id, subject, label, reviewer_label, representative, representative_pinned, reviewed
       FROM arguments WHERE pipeline_id = $1 AND subject = $2 ORDER BY id`,
      [pipelineId, subject],
    ),
    q.query<MemberRow>(
      `SELECT subject, passage_id, argument_id, pinned FROM argument_members
       WHERE pipeline_id = $1 AND subject = $2 ORDER BY passage_id`,
      [pipelineId, subject],
    ),
  ]);
  const passagesOf = new Map<string, string[]>(args.map((a) => [a.id, []]));
  const unassigned: string[] = [];
  for (const m of members)
    if (m.argument_id === null) unassigned.push(m.passage_id);
    else passagesOf.get(m.argument_id)?.push(m.passage_id);
  return {
    subject,
    arguments: args
      .map((a) => ({
        id: a.id,
        label: a.label,
        representative: a.representative ?? passagesOf.get(a.id)![0] ?? '',
        passages: passagesOf.get(a.id)!,
        reviewed: a.reviewed,
      }))
      .filter((a) => a.passages.length > 0),
    unassigned,
  };
}

/** A text[] literal (NULL for null), which both engines take as one parameter (as `toPgArray` in messages.ts). */
const toArray = (values: readonly (string | null)[]): string =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
