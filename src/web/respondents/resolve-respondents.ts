import type { RespondentSource } from '../../store/respondent-assignments.ts';
import { matchRespondent } from './match-respondent.ts';
import { domainOf, learnedDomains } from './learned-domains.ts';
import type { Respondent } from './respondent.ts';

/** One reply unit (a mail, or a county's mail forwarded inside it) with the respondent it speaks for. */
export interface ReplyUnit {
  messageId: string;
  originPath: string;
  fromName: string | null;
  fromAddress: string | null;
  sentAt: Date | null;
  respondent: Respondent | null;
  /** reviewer: assigned by a person; auto: matched from sender, signature or a domain; none: nobody found. */
  source: 'reviewer' | 'auto' | 'none';
  /** How sure the match is: 1 for a reviewer's assignment, else the matcher's confidence. */
  confidence: number;
  reason: string;
}

export function resolveRespondents(
  sources: readonly RespondentSource[],
  respondents: readonly Respondent[],
): ReplyUnit[] {
  const byAgs = new Map(respondents.map((r) => [r.ags, r]));
  const taught = learnedDomains(sources);
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
      return { ...base, respondent, source: 'reviewer', confidence: 1, reason: `assigned by ${s.assigned_by ?? '?'}` };
    }
    const match = matchRespondent(
      { fromName: s.from_name, fromAddress: s.from_address, signature: s.signature },
      respondents,
    );
    const domain = domainOf(s.from_address);
    const learned = domain ? taught.get(domain) : undefined;
    // A domain a reviewer tied to a county outranks everything but the sender's own name.
    const chosen =
      learned && (!match || match.confidence < 0.9)
        ? { ags: learned.ags, confidence: 0.9, reason: `mail domain ${domain ?? ''}, taught by ${learned.by}` }
        : match;
    const respondent = chosen ? (byAgs.get(chosen.ags) ?? null) : null;
    return respondent && chosen
      ? { ...base, respondent, source: 'auto', confidence: chosen.confidence, reason: chosen.reason }
      : {
          ...base,
          respondent: null,
          source: 'none',
          confidence: 0,
          reason: 'no Landkreis named by sender, signature or domain',
        };
  });
}

/** Key of a reply unit, to look up the respondent of a passage. */
export const unitKey = (messageId: string, originPath: string): string => `${messageId}/${originPath}`;
