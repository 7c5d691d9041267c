import type { RelationPassage, ReplyRelations, VersionLink, VersionRelation } from '../core/relations.ts';
/**
 * Reply versions: a county's later mail that corrects or supplements its reply. "ersetzt unsere Stellungnahme",
 * "Korrektur", "korrigierte Fassung" make a replacement (the older passages are kept but superseded); "ergänzend zu
 * unserer Stellungnahme vom …", "Nachtrag" make an addendum (both count). Reviewers can change either. Pure.
 */

const REPLACEMENT = [
  /\bersetzt\s+(?:hiermit\s+)?(?:unsere|die|meine)\s+(?:bisherige\s+|erste\s+)?(?:stellungnahme|e-?mail|nachricht|antwort)/i,
  /\b(?:korrigierte|berichtigte|überarbeitete|aktualisierte)\s+(?:fassung|stellungnahme|version)\b/i,
  /\bbitte\s+(?:betrachten|behandeln)\s+sie\s+(?:unsere|die)\s+(?:stellungnahme|e-?mail)\s+vom\s+.{3,30}\s+als\s+gegenstandslos/i,
  /\banstelle\s+unserer\s+(?:stellungnahme|e-?mail)\s+vom\b/i,
];
const REPLACEMENT_SUBJECT = /^\s*(?:(?:aw|wg|re|fw|fwd):\s*)*(?:korrektur|berichtigung|korrigiert|neue fassung)\b/i;
const ADDENDUM = [
  /\bergänzend\s+zu\s+(?:unserer|meiner|der)\s+(?:stellungnahme|e-?mail|nachricht|antwort|mail)\b/i,
  /\bin\s+ergänzung\s+(?:zu\s+)?(?:unserer|meiner)\s+(?:stellungnahme|e-?mail|nachricht)\b/i,
  /\b(?:nachtrag|ergänzung)\s+zu(?:r)?\s+(?:unserer|meiner|der)\s+(?:stellungnahme|e-?mail)\b/i,
  /\bwir\s+ergänzen\s+unsere\s+stellungnahme\b/i,
];
const ADDENDUM_SUBJECT = /^\s*(?:(?:aw|wg|re|fw|fwd):\s*)*(?:nachtrag|ergänzung)\b/i;

/** What a reply says about its relation to an earlier one, from its subject and text; null when nothing. */
export function detectVersionCue(subject: string | null, text: string): VersionRelation | null {
  const s = subject ?? '';
  const flat = text.replace(/\s+/g, ' ');
  if (REPLACEMENT_SUBJECT.test(s) || REPLACEMENT.some((re) => re.test(flat))) return 'replacement';
  if (ADDENDUM_SUBJECT.test(s) || ADDENDUM.some((re) => re.test(flat))) return 'addendum';
  return null;
}

export interface VersionCandidate {
  key: string;
  ags: string | null;
  sentAt: Date | null;
  cue: VersionRelation | null;
}

/** A reply with a cue is linked to the newest earlier reply of the same county (which may itself be a version). */
export function linkVersions(candidates: readonly VersionCandidate[]): VersionLink[] {
  const links: VersionLink[] = [];
  const dated = candidates.filter((c) => c.ags && c.sentAt);
  for (const c of dated) {
    if (!c.cue || !c.sentAt) continue;
    const at = c.sentAt.getTime();
    const earlier = dated
      .filter((o) => o.key !== c.key && o.ags === c.ags && (o.sentAt?.getTime() ?? Infinity) < at)
      .sort((a, b) => (b.sentAt?.getTime() ?? 0) - (a.sentAt?.getTime() ?? 0))[0];
    if (earlier) links.push({ key: c.key, earlierKey: earlier.key, relation: c.cue });
  }
  return links;
}
