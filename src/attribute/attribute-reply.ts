import type { AssignmentFact, Clue, ClueSource, ReplySource, ReplyUnit } from '../core/respondent.ts';
import { domainOf } from './learned-domains.ts';
import { respondentOfDomain, respondentsNamedIn } from './match-respondent.ts';
import type { Respondent } from '../core/respondent.ts';

/**
 * Who a reply speaks for, from all its evidence (docs/letter-anatomy.md, "Respondents"). Each clue names a
 * Landkreis with a weight; clues for the same county add up (1 − Π(1 − w)), clues for different counties compete.
 * The display name of a sender is free text anyone can set: it supports other evidence but never decides alone.
 * Conflicting evidence lowers the confidence and sends the reply to review. Pure.
 */
export interface ReplyEvidence {
  fromName: string | null;
  fromAddress: string | null;
  subject: string | null;
  /** Attachment names of the reply. */
  filenames: readonly string[];
  /** Letterhead, address, reference, closing and signature text (the boilerplate where a county names itself). */
  letterParts: string | null;
}

export interface Attribution {
  respondent: Respondent | null;
  confidence: number;
  needsReview: boolean;
  reason: string;
  clues: Clue[];
}

/** How much each kind of clue says on its own. A domain taught by reviewers is the surest sign. */
export const CLUE_WEIGHT: Record<ClueSource, number> = {
  'learned-domain': 0.9,
  'domain-table': 0.85,
  letterhead: 0.8,
  'domain-name': 0.6,
  subject: 0.5,
  filename: 0.45,
  'display-name': 0.3,
};
const REVIEW_BELOW = 0.7;

export interface DomainKnowledge {
  /** The shipped table: pipelines/<id>/respondent-domains.csv. */
  table: ReadonlyMap<string, string>;
  /** Domains reviewers taught by assigning replies. */
  learned: ReadonlyMap<string, { ags: string; by: string }>;
}

export function collectClues(e: ReplyEvidence, respondents: readonly Respondent[], domains: DomainKnowledge): Clue[] {
  const clues: Clue[] = [];
  const add = (source: ClueSource, list: readonly Respondent[], detail: string) => {
    for (const r of list) clues.push({ source, ags: r.ags, weight: CLUE_WEIGHT[source], detail });
  };
  const domain = domainOf(e.fromAddress);
  if (domain) {
    const learned = domains.learned.get(domain);
    const tabled = domains.table.get(domain) ?? parentDomain(domain, domains.table);
    const byName = e.fromAddress ? respondentOfDomain(e.fromAddress, respondents) : null;
    const find = (ags: string) => respondents.filter((r) => r.ags === ags);
    if (learned) add('learned-domain', find(learned.ags), `mail domain ${domain}, taught by ${learned.by}`);
    if (tabled) add('domain-table', find(tabled), `mail domain ${domain} (domain table)`);
    else if (byName) add('domain-name', [byName], `mail domain ${domain}`);
  }
  if (e.letterParts)
    add('letterhead', respondentsNamedIn(e.letterParts, respondents), 'named in letterhead or signature');
  if (e.subject) add('subject', respondentsNamedIn(e.subject, respondents), `subject "${e.subject}"`);
  for (const f of e.filenames) add('filename', respondentsNamedIn(f.replace(/[_.]/g, ' '), respondents), `file "${f}"`);
  if (e.fromName) add('display-name', respondentsNamedIn(e.fromName, respondents), `sender name "${e.fromName}"`);
  return clues;
}

/** "mail.kreis-hz.de" is known by "kreis-hz.de". */
function parentDomain(domain: string, table: ReadonlyMap<string, string>): string | undefined {
  const labels = domain.split('.');
  for (let i = 1; i < labels.length - 1; i++) {
    const hit = table.get(labels.slice(i).join('.'));
    if (hit) return hit;
  }
  return undefined;
}

export function attributeReply(
  e: ReplyEvidence,
  respondents: readonly Respondent[],
  domains: DomainKnowledge,
): Attribution {
  const clues = collectClues(e, respondents, domains);
  const scores = new Map<string, { score: number; sources: Set<ClueSource> }>();
  for (const c of clues) {
    const s = scores.get(c.ags) ?? { score: 0, sources: new Set<ClueSource>() };
    // One clue per source and county: a name repeated in three signature lines is one clue.
    if (!s.sources.has(c.source)) s.score = 1 - (1 - s.score) * (1 - c.weight);
    s.sources.add(c.source);
    scores.set(c.ags, s);
  }
  // A county named only by the display name has no evidence a stranger could not have typed.
  const ranked = [...scores]
    .filter(([, s]) => [...s.sources].some((src) => src !== 'display-name'))
    .sort((a, b) => b[1].score - a[1].score);
  const [best, second] = ranked;
  if (!best) {
    const onlyName = clues.some((c) => c.source === 'display-name');
    return {
      respondent: null,
      confidence: 0,
      needsReview: onlyName,
      reason: onlyName
        ? 'only the sender’s display name names a Landkreis: not enough on its own'
        : 'no Landkreis named by domain, letterhead, signature, subject or file name',
      clues,
    };
  }
  const respondent = respondents.find((r) => r.ags === best[0]) ?? null;
  // Competing evidence takes away what it claims: two strong, different counties leave little certainty.
  const confidence = round(second ? best[1].score * (1 - second[1].score / 2) : best[1].score);
  const conflict = second !== undefined;
  const reason = clues
    .filter((c) => c.ags === best[0])
    .map((c) => c.detail)
    .join('; ');
  return {
    respondent,
    confidence,
    needsReview: conflict || confidence < REVIEW_BELOW,
    reason: conflict
      ? `${reason} — but also: ${clues
          .filter((c) => c.ags !== best[0] && c.source !== 'display-name')
          .map((c) => c.detail)
          .join('; ')}`
      : reason,
    clues,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
