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

/** The fields of a passage row that carry an endorsement (src/relations/endorsements.ts, stored per passage). */
export interface EndorsingRow {
  respondent: string;
  endorses: string | null;
  items: readonly string[];
  boilerplate: boolean;
  replacedBy: string | null;
}

/**
 * Endorsement records from the passages that make one. A passage tagged with items endorses on those items; an
 * untagged one ("Wir schließen uns der Stellungnahme des NLT an.") speaks for the whole reply. Replaced replies say
 * nothing any more.
 */
export function endorsementsOf(rows: readonly EndorsingRow[]): EndorsementRecord[] {
  return rows
    .filter((r) => r.endorses && !r.boilerplate && !r.replacedBy)
    .map((r) => ({ endorser: r.respondent, endorsed: r.endorses ?? '', items: [...r.items] }));
}

/** "Landkreis Harz schließt sich Niedersächsischer Landkreistag an", for one item, each endorser once, sorted. */
export function endorsementLines(records: readonly EndorsementRecord[], itemId: string): string[] {
  const lines = records
    .filter((r) => r.items.length === 0 || r.items.includes(itemId))
    .map((r) => `${r.endorser} schließt sich ${r.endorsed} an`);
  return [...new Set(lines)].sort((a, b) => a.localeCompare(b, 'de'));
}
