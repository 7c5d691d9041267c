import type { AssignmentFact, Clue, ClueSource, ReplySource, ReplyUnit } from '../core/respondent.ts';
import { attributeReply, type Attribution, type DomainKnowledge, type ReplyEvidence } from './attribute-reply.ts';
import { sha256Hex } from '../core/ids.ts';
import { learnedDomains } from './learned-domains.ts';
import type { Respondent } from '../core/respondent.ts';

/**
 * The attributions of a caller's previous resolveRespondents call, kept by that caller (the relations refresh
 * resolves every reply of a pipeline each time): a reply whose evidence is unchanged, with the same respondents,
 * domain table and reviewer-taught domains, is not attributed again. attributeReply is pure, so the result is the
 * same; only the entries the last call used are kept, so the memo holds one attribution per reply.
 */
export class AttributionMemo {
  private context: { respondents: readonly Respondent[]; table: ReadonlyMap<string, string>; learned: string } | null =
    null;
  private entries = new Map<string, Attribution>();
  private next = new Map<string, Attribution>();

  /** Starts a call: keeps the entries only when the respondents, the table and the taught domains are the same. */
  begin(respondents: readonly Respondent[], domains: DomainKnowledge): void {
    const learned = JSON.stringify([...domains.learned]);
    const c = this.context;
    if (!c || c.respondents !== respondents || c.table !== domains.table || c.learned !== learned)
      this.entries = new Map();
    this.context = { respondents, table: domains.table, learned };
    this.next = new Map();
  }

  attribute(evidence: ReplyEvidence, respondents: readonly Respondent[], domains: DomainKnowledge): Attribution {
    const key = sha256Hex(JSON.stringify(evidence));
    const a = this.entries.get(key) ?? attributeReply(evidence, respondents, domains);
    this.next.set(key, a);
    return a;
  }

  /** Ends a call: what it used is what the next call may reuse. */
  end(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}

export function resolveRespondents(
  sources: readonly ReplySource[],
  respondents: readonly Respondent[],
  domainTable: ReadonlyMap<string, string> = new Map(),
  memo?: AttributionMemo,
): ReplyUnit[] {
  const byAgs = new Map(respondents.map((r) => [r.ags, r]));
  const domains: DomainKnowledge = { table: domainTable, learned: learnedDomains(sources) };
  memo?.begin(respondents, domains);
  const units = resolveWith(sources, byAgs, respondents, domains, memo);
  memo?.end();
  return units;
}

function resolveWith(
  sources: readonly ReplySource[],
  byAgs: ReadonlyMap<string, Respondent>,
  respondents: readonly Respondent[],
  domains: DomainKnowledge,
  memo: AttributionMemo | undefined,
): ReplyUnit[] {
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
    const evidence: ReplyEvidence = {
      fromName: s.from_name,
      fromAddress: s.from_address,
      subject: s.subject ?? null,
      filenames: (s.filenames ?? '').split('\n').filter(Boolean),
      letterParts: s.signature,
    };
    const a = memo ? memo.attribute(evidence, respondents, domains) : attributeReply(evidence, respondents, domains);
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
