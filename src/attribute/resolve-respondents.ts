import { attributeReply, type Clue, type DomainKnowledge } from './attribute-reply.ts';
import { learnedDomains, type AssignmentFact } from './learned-domains.ts';
import type { Respondent } from './respondent.ts';

/** What identifies who wrote one reply unit (a mail, or a forwarded mail inside it), plus the reviewer's assignment. */
export interface ReplySource extends AssignmentFact {
  message_id: string;
  origin_path: string;
  from_name: string | null;
  from_address: string | null;
  sent_at: Date | null;
  /** Letterhead, address, reference, closing and signature passages: where a county names itself. */
  signature: string | null;
  subject?: string | null;
  /** Attachment names of the unit, one per line. */
  filenames?: string | null;
}

/** One reply unit (a mail, or a county's mail forwarded inside it) with the respondent it speaks for. */
export interface ReplyUnit {
  messageId: string;
  originPath: string;
  fromName: string | null;
  fromAddress: string | null;
  sentAt: Date | null;
  respondent: Respondent | null;
  /** reviewer: assigned by a person; auto: attributed from the evidence; none: nobody found. */
  source: 'reviewer' | 'auto' | 'none';
  /** How sure the attribution is: 1 for a reviewer's assignment, else the combined evidence. */
  confidence: number;
  /** Conflicting or weak evidence: a reviewer should confirm (never set once a reviewer assigned the unit). */
  needsReview: boolean;
  reason: string;
  clues: Clue[];
}

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

/** Key of a reply unit, to look up the respondent of a passage. */
export const unitKey = (messageId: string, originPath: string): string => `${messageId}/${originPath}`;
