/**
 * The seam for endorsements ("Wir schließen uns der Stellungnahme des NLT an"). Detecting them is the passages
 * stage's job; the synopsis only needs these records and prints who endorsed whom on the items concerned.
 */
export interface EndorsementRecord {
  /** Who endorses: the respondent's display name ("Landkreis Harz"). */
  endorser: string;
  /** Whose statement they endorse: "Niedersächsischer Landkreistag", "Landkreis Celle". */
  endorsed: string;
  /** Items the endorsement covers; empty means the whole reply (every item). */
  items: readonly string[];
}

/** "Landkreis Harz schließt sich Niedersächsischer Landkreistag an", for one item, each endorser once, sorted. */
export function endorsementLines(records: readonly EndorsementRecord[], itemId: string): string[] {
  const lines = records
    .filter((r) => r.items.length === 0 || r.items.includes(itemId))
    .map((r) => `${r.endorser} schließt sich ${r.endorsed} an`);
  return [...new Set(lines)].sort((a, b) => a.localeCompare(b, 'de'));
}
