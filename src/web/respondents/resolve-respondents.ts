import type { RespondentSource } from '../../store/respondent-assignments.ts';
import { matchRespondent } from './match-respondent.ts';
import type { Respondent } from './respondent.ts';

/** One reply unit (a mail, or a county's mail forwarded inside it) with the respondent it speaks for. */
export interface ReplyUnit {
  messageId: string;
  originPath: string;
  fromName: string | null;
  fromAddress: string | null;
  sentAt: Date | null;
  respondent: Respondent | null;
  /** reviewer: assigned by a person; auto: matched from sender and signature; none: nobody found. */
  source: 'reviewer' | 'auto' | 'none';
  reason: string;
}

export function resolveRespondents(sources: readonly RespondentSource[], respondents: readonly Respondent[]): ReplyUnit[] {
  const byAgs = new Map(respondents.map((r) => [r.ags, r]));
  return sources.map((s) => {
    const base = { messageId: s.message_id, originPath: s.origin_path, fromName: s.from_name, fromAddress: s.from_address, sentAt: s.sent_at };
    if (s.assigned) {
      const respondent = s.ags ? (byAgs.get(s.ags) ?? null) : null;
      return { ...base, respondent, source: 'reviewer', reason: `assigned by ${s.assigned_by ?? '?'}` };
    }
    const match = matchRespondent({ fromName: s.from_name, fromAddress: s.from_address, signature: s.signature }, respondents);
    const respondent = match ? (byAgs.get(match.ags) ?? null) : null;
    return respondent && match
      ? { ...base, respondent, source: 'auto', reason: match.reason }
      : { ...base, respondent: null, source: 'none', reason: 'no Landkreis named by sender, signature or domain' };
  });
}

/** Key of a reply unit, to look up the respondent of a passage. */
export const unitKey = (messageId: string, originPath: string): string => `${messageId}/${originPath}`;
