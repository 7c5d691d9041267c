import { unitKey } from '../core/respondent.ts';
import { AttributionMemo, resolveRespondents } from '../attribute/resolve-respondents.ts';
import type { Respondent } from '../core/respondent.ts';
import { computeRelations } from '../relations/compute-relations.ts';
import type { Db } from '../store/db.ts';
import { listRelationPassages, saveReplyRelations } from '../store/reply-relations.ts';
import { listRespondentSources } from '../store/respondent-assignments.ts';

/**
 * Recomputes and stores a pipeline's attribution per reply unit, near-duplicate groups, endorsements and version
 * links. Idempotent; run by the debounced relations job after classification (queue/workers/refresh-relations.ts),
 * reviewers' decisions kept.
 */
export async function refreshReplyRelations(
  db: Db,
  pipelineId: string,
  respondents: readonly Respondent[],
  domainTable: ReadonlyMap<string, string>,
  memo?: AttributionMemo,
): Promise<{ units: number; groups: number; endorsements: number; versions: number }> {
  const [sources, passages] = await Promise.all([
    listRespondentSources(db, pipelineId),
    listRelationPassages(db, pipelineId),
  ]);
  const units = resolveRespondents(sources, respondents, domainTable, memo);
  const subjects = new Map(sources.map((s) => [unitKey(s.message_id, s.origin_path), s.subject ?? null]));
  const relations = computeRelations(units, subjects, passages, respondents);
  await saveReplyRelations(db, pipelineId, units, relations);
  return {
    units: units.length,
    groups: new Set(relations.groups.values()).size,
    endorsements: relations.endorsements.length,
    versions: relations.versions.length,
  };
}
