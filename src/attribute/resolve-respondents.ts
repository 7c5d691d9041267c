import type { AssignmentFact, Clue, ClueSource, ReplySource, ReplyUnit } from '../core/respondent.ts';
import { attributeReply, type DomainKnowledge } from './attribute-reply.ts';
import { learnedDomains } from './learned-domains.ts';
import type { Respondent } from '../core/respondent.ts';

export function resolveRespondents(
  sources: readonly ReplySource[],
  respondents: readonly Respondent[],
  domainTable: ReadonlyMap<string, string> = new Map(),
): ReplyUnit[] {
  const byAgs = new Map(respondents.map((r) => [r.ags, r]));
  const domains: DomainKnowledge = { table: domainTable, learned: learnedDomains(sources) };
  return sources.map((s) => {
    const base = {
      messageId: s.message_id,
      originPath: s.origin_path,
      fromName: s.from_name,
      fromAddress: s.from_address,
      sentAt: s.sent_at,
    };
    if (s.assigned) {
      const respondent = s.ags ? (byAgs.get(s.ags) ?? null) : null;
      return {
        ...base,
        respondent,
        source: 'reviewer',
        confidence: 1,
        needsReview: false,
        reason: `assigned by ${s.assigned_by ?? '?'}`,
        clues: [],
      };
    }
    const a = attributeReply(
      {
        fromName: s.from_name,
        fromAddress: s.from_address,
        subject: s.subject ?? null,
        filenames: (s.filenames ?? '').split('\n').filter(Boolean),
        letterParts: s.signature,
      },
      respondents,
      domains,
    );
    return {
      ...base,
      respondent: a.respondent,
      source: a.respondent ? 'auto' : 'none',
      confidence: a.confidence,
      needsReview: a.needsReview,
      reason: a.reason,
      clues: a.clues,
    };
  });
}
