import type { Db, Queryable } from './db.ts';

export type AssessmentKind = 'item' | 'passage';

/** The association's assessment of an item or of one passage, as an admin wrote it; text '' once cleared. */
export interface Assessment {
  kind: AssessmentKind;
  targetId: string;
  text: string;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface AssessmentAuditEntry {
  username: string;
  at: Date;
  before: string | null;
  after: string | null;
  version: number;
}

export type SaveAssessmentResult =
  { ok: true; version: number } | { ok: false; reason: 'conflict'; version: number; updatedBy: string | null };

interface AssessmentRow {
  target_kind: AssessmentKind;
  target_id: string;
  text: string;
  version: number;
  updated_by: string;
  updated_at: Date;
}

const toAssessment = (r: AssessmentRow): Assessment => ({
  kind: r.target_kind,
  targetId: r.target_id,
  text: r.text,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at),
});

export async function listAssessments(q: Queryable, pipelineId: string): Promise<Assessment[]> {
  const rows = await q.query<AssessmentRow>(
    `SELECT target_kind, target_id, text, version, updated_by, updated_at FROM assessments WHERE pipeline_id = $1`,
    [pipelineId],
  );
  return rows.map(toAssessment);
}

/**
 * Writes an assessment under an optimistic lock: the caller names the version it saw (0 when there was none), so two
 * admins editing the same assessment never overwrite each other unknowingly. An empty text clears it (the row stays,
 * so the version keeps counting). Every applied change is an audit row.
 */
export async function saveAssessment(
  db: Db,
  o: {
    pipelineId: string;
    kind: AssessmentKind;
    targetId: string;
    text: string;
    expectedVersion: number;
    username: string;
  },
): Promise<SaveAssessmentResult> {
  return db.transaction(async (tx) => {
    // Serialises writers of one target even when no row exists yet (FOR UPDATE cannot lock a missing row).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `assessment:${o.pipelineId}:${o.kind}:${o.targetId}`,
    ]);
    const [current] = await tx.query<{ text: string; version: number; updated_by: string }>(
      'SELECT text, version, updated_by FROM assessments WHERE pipeline_id = $1 AND target_kind = $2 AND target_id = $3',
      [o.pipelineId, o.kind, o.targetId],
    );
    const seen = current?.version ?? 0;
    if (seen !== o.expectedVersion)
      return { ok: false, reason: 'conflict', version: seen, updatedBy: current?.updated_by ?? null } as const;
    const text = o.text.trim();
    if ((current?.text ?? '') === text) return { ok: true, version: seen } as const;
    const version = seen + 1;
    await tx.query(
      `INSERT INTO assessments (pipeline_id, target_kind, target_id, text, version, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (pipeline_id, target_kind, target_id)
       DO UPDATE SET text = EXCLUDED.text, version = EXCLUDED.version, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [o.pipelineId, o.kind, o.targetId, text, version, o.username],
    );
    await tx.query(
      `INSERT INTO assessment_audit (pipeline_id, target_kind, target_id, username, before, after, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [o.pipelineId, o.kind, o.targetId, o.username, current?.text || null, text || null, version],
    );
    return { ok: true, version } as const;
  });
}

export async function listAssessmentAudit(
  q: Queryable,
  pipelineId: string,
  kind: AssessmentKind,
  targetId: string,
): Promise<AssessmentAuditEntry[]> {
  return q.query<AssessmentAuditEntry>(
    `SELECT username, at, before, after, version FROM assessment_audit
     WHERE pipeline_id = $1 AND target_kind = $2 AND target_id = $3 ORDER BY id`,
    [pipelineId, kind, targetId],
  );
}
