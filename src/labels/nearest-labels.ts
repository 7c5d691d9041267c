import { distance } from 'fastest-levenshtein';

/**
 * The valid ids closest to an unknown one, for the message that rejects it: by edit distance on the upper-cased
 * ids (reviewers type "a1-haft" or "A1-HAFTT"), then alphabetically, at most `count`.
 */
export function nearestLabels(unknown: string, valid: readonly string[], count = 3): string[] {
  const wanted = unknown.toUpperCase();
  return valid
    .map((id) => ({ id, d: distance(wanted, id.toUpperCase()) }))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, count)
    .map((x) => x.id);
}
