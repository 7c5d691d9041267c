import type { AssignmentFact, Clue, ClueSource, ReplySource, ReplyUnit } from '../core/respondent.ts';
/** What a reviewer's assignment tells about a sender's domain. */

/** Free-mail and provider domains say nothing about which county wrote. */
const SHARED_DOMAINS =
  /^(gmail\.com|googlemail\.com|web\.de|gmx\.(de|net)|t-online\.de|outlook\.(com|de)|hotmail\.(com|de)|yahoo\.(com|de)|freenet\.de|posteo\.de|mailbox\.org|icloud\.com)$/i;

export const domainOf = (address: string | null): string | null => {
  const d = address?.split('@')[1]?.toLowerCase().trim();
  return d && !SHARED_DOMAINS.test(d) ? d : null;
};

/**
 * The domain map reviewers teach: every reply a reviewer assigned to a Landkreis ties its sender's domain to that
 * county, so the next mail from the domain is recognised. A domain assigned to two counties teaches nothing.
 */
export function learnedDomains(sources: readonly AssignmentFact[]): Map<string, { ags: string; by: string }> {
  const seen = new Map<string, { ags: string; by: string } | null>();
  for (const s of sources) {
    const domain = domainOf(s.from_address);
    if (!s.assigned || !s.ags || !domain) continue;
    const prev = seen.get(domain);
    if (prev === undefined) seen.set(domain, { ags: s.ags, by: s.assigned_by ?? '?' });
    else if (prev && prev.ags !== s.ags) seen.set(domain, null);
  }
  return new Map([...seen].filter((e): e is [string, { ags: string; by: string }] => e[1] !== null));
}
