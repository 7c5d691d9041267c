import type { TagDimension } from '../core/types.ts';
import type { Db } from './db.ts';
import { NO_TAG_LABEL } from './effective-tags.ts';
import { applyReviewChange } from './review-changes.ts';
import { listGroupMembers } from './reply-relations.ts';

/**
 * A reviewer's correction of one passage applied to every passage of its near-duplicate group: the reviewer's tags
 * on each dimension they decided are set on the others too, one audited change each (review-changes.ts), under
 * each passage's own optimistic lock. Returns how many passages took the correction.
 */
export async function applyGroupCorrection(
  db: Db,
  groupId: string,
  fromPassageId: string,
  username: string,
): Promise<{ applied: number; members: number }> {
  const members = await listGroupMembers(db, groupId);
  if (!members.includes(fromPassageId)) return { applied: 0, members: members.length };
  const decided = await db.query<{ dimension: TagDimension; label: string }>(
    `SELECT dimension, label FROM tags WHERE passage_id = $1 AND source = 'reviewer' ORDER BY dimension, label`,
    [fromPassageId],
  );
  // "Nothing on this dimension" is not carried over: the other passages keep what they were tagged with.
  const labels = decided.filter((t) => t.label !== NO_TAG_LABEL);
  let applied = 0;
  for (const member of members) {
    if (member === fromPassageId || labels.length === 0) continue;
    let changed = false;
    for (const tag of labels) {
      const [state] = await db.query<{ version: number }>('SELECT version FROM passage_reviews WHERE passage_id = $1', [
        member,
      ]);
      const result = await applyReviewChange(db, member, state?.version ?? 0, username, {
        kind: 'set',
        dimension: tag.dimension,
        label: tag.label,
      });
      changed ||= result.ok;
    }
    if (changed) applied += 1;
  }
  return { applied, members: members.length };
}
