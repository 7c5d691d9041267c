import { stableId } from '../../core/ids.ts';
import { groupNearDuplicates } from '../../similarity/near-duplicates.ts';
import { respondentsNamedIn } from '../../attribute/match-respondent.ts';
import type { Respondent } from '../../attribute/respondent.ts';
import { unitKey, type ReplyUnit } from '../../attribute/resolve-respondents.ts';
import { detectEndorsement } from '../../relations/endorsements.ts';
import { detectVersionCue, linkVersions } from '../../relations/reply-versions.ts';

import type { RelationPassage, ReplyRelations } from '../../store/reply-relations.ts';

/** Passages shorter than this are too common to group ("Fehlanzeige.", "Keine Anmerkungen."). */
const MIN_GROUP_WORDS = 12;

/**
 * The cross-reply relations of a consultation, from its reply units and passages. Pure: the store persists what
 * this returns (src/store/reply-relations.ts).
 */
export function computeRelations(
  units: readonly ReplyUnit[],
  subjects: ReadonlyMap<string, string | null>,
  passages: readonly RelationPassage[],
  respondents: readonly Respondent[],
): ReplyRelations {
  const content = passages.filter((p) => !p.boilerplate);
  const groups = new Map<string, string>();
  const groupable = content.filter((p) => p.text.split(/\s+/).length >= MIN_GROUP_WORDS);
  for (const members of groupNearDuplicates(groupable.map((p) => ({ id: p.id, text: p.text })))) {
    const id = stableId('grp', ...[...members].sort());
    for (const m of members) groups.set(m, id);
  }

  const endorsements = content.flatMap((p) => {
    const e = detectEndorsement(p.text);
    if (!e) return [];
    const targetAgs = respondentsNamedIn(e.target, respondents)[0]?.ags ?? null;
    return [{ passageId: p.id, target: e.target, targetAgs, phrase: e.phrase }];
  });

  const textOf = new Map<string, string>();
  for (const p of content) {
    const key = unitKey(p.messageId, p.originPath);
    textOf.set(key, `${textOf.get(key) ?? ''}\n${p.text}`);
  }
  const versions = linkVersions(
    units.map((u) => {
      const key = unitKey(u.messageId, u.originPath);
      return {
        key,
        ags: u.respondent?.ags ?? null,
        sentAt: u.sentAt,
        cue: detectVersionCue(subjects.get(key) ?? null, textOf.get(key) ?? ''),
      };
    }),
  );
  return { groups, endorsements, versions };
}
