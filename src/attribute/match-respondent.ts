import type { Respondent } from '../core/respondent.ts';

export interface SenderEvidence {
  fromName: string | null;
  fromAddress: string | null;
  /** Letterhead, closing and signature text. */
  signature: string | null;
}

export interface RespondentMatch {
  ags: string;
  /** How sure: the sender's display name beats a signature, which beats a mail domain. */
  confidence: number;
  reason: string;
}

/** Lower case, umlauts spelled out (mail addresses and ASCII senders write "Goerlitz"), punctuation as spaces. */
export function foldName(s: string): string {
  return s
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Words a county puts before its name in a sender or signature.
const AUTHORITY =
  '(?:lk|landkreis|kreis|landratsamt|lra|kreisverwaltung|kreisausschuss|kreisverwaltung des landkreises|landrat des landkreises|der landrat des kreises|landkreises|kreises)';

interface Candidate {
  respondent: Respondent;
  /** The folded short name without a parenthesised suffix: "Rotenburg (Wümme)" → "rotenburg". */
  core: string;
  full: string;
  /** "Landkreis Harz", "Kreis Ostholstein", "Rhein-Sieg-Kreis" (names with "kreis" need no authority word). */
  patterns: RegExp[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Compiled once per respondent list: the inbox matches every reply on every load.
const compiled = new WeakMap<readonly Respondent[], Candidate[]>();

function candidates(respondents: readonly Respondent[]): Candidate[] {
  let cands = compiled.get(respondents);
  if (cands) return cands;
  cands = respondents.map((r) => {
    const full = foldName(r.name);
    const core = foldName(r.name.replace(/\s*\(.*\)\s*$/, ''));
    const names = [...new Set([full, core])].map(escapeRe);
    const patterns = [
      new RegExp(` ${AUTHORITY} (?:${names.join('|')}) `),
      new RegExp(` ${escapeRe(foldName(r.officialName))} `),
      ...(full.includes('kreis') ? [new RegExp(` ${escapeRe(full)} `)] : []),
    ];
    return { respondent: r, core, full, patterns };
  });
  compiled.set(respondents, cands);
  return cands;
}

/** Finds the respondent named in a text: "Landkreis Harz", "Kreis Ostholstein", "Landratsamt Rosenheim". */
function findNamed(text: string, cands: readonly Candidate[]): Candidate | null {
  return findAllNamed(text, cands)[0] ?? null;
}

/** Every respondent a text names, longest name first ("Landkreis Vorpommern-Greifswald" before a shorter one inside it). */
function findAllNamed(text: string, cands: readonly Candidate[]): Candidate[] {
  const folded = ` ${foldName(text)} `;
  const found = cands.filter((c) => c.patterns.some((p) => p.test(folded)));
  // A name inside a longer found name is not a second respondent ("Harz" inside "Mansfeld-Südharz" never matches,
  // but "Rostock" inside "Landkreis Rostock" and "Hansestadt Rostock" would).
  return found
    .sort((a, b) => b.full.length - a.full.length)
    .filter((c, i, all) => !all.slice(0, i).some((longer) => longer.full.includes(c.full) && longer !== c));
}

/** Respondents named in a text (letterhead, signature, subject, file name), by AGS. */
export function respondentsNamedIn(text: string, respondents: readonly Respondent[]): Respondent[] {
  return findAllNamed(text, candidates(respondents)).map((c) => c.respondent);
}

/** The respondent whose name a mail domain carries ("lra-rosenheim.de"), if any. */
export function respondentOfDomain(address: string, respondents: readonly Respondent[]): Respondent | null {
  return findInDomain(address, candidates(respondents))?.respondent ?? null;
}

/** A county's name in its mail domain: "lra-rosenheim.de", "kreis-goerlitz.de", "uckermark.de". */
function findInDomain(address: string, cands: readonly Candidate[]): Candidate | null {
  const domain = address.split('@')[1]?.toLowerCase() ?? '';
  const labels = domain.split('.').slice(0, -1).join(' ');
  const folded = ` ${labels.replace(/[^a-z0-9]+/g, ' ')} `;
  const compact = labels.replace(/[^a-z0-9]+/g, '');
  let best: Candidate | null = null;
  for (const c of cands) {
    const squashed = c.core.replace(/ /g, '');
    if (squashed.length < 4) continue;
    const whole = folded.includes(` ${c.core} `) || folded.includes(` ${squashed} `);
    // "lksuedwestpfalz", "kvbarnim": a short prefix glued to the name.
    const glued =
      new RegExp(`^(?:lk|lra|kv|kreis|landkreis|la)?${escapeRe(squashed)}$`).test(compact.split(/\s/)[0] ?? '') ||
      labels.split(/[ .-]/).some((l) => new RegExp(`^(?:lk|lra|kv|kreis|landkreis)${escapeRe(squashed)}$`).test(l));
    if ((whole || glued) && (!best || squashed.length > best.core.length)) best = c;
  }
  return best;
}

/** Best guess of who a reply speaks for; null when nothing names a respondent (a reviewer assigns it then). */
export function matchRespondent(e: SenderEvidence, respondents: readonly Respondent[]): RespondentMatch | null {
  const cands = candidates(respondents);
  const byName = e.fromName ? findNamed(e.fromName, cands) : null;
  if (byName) return { ags: byName.respondent.ags, confidence: 0.95, reason: `sender name "${e.fromName ?? ''}"` };
  const bySignature = e.signature ? findNamed(e.signature, cands) : null;
  if (bySignature)
    return { ags: bySignature.respondent.ags, confidence: 0.8, reason: 'named in letterhead or signature' };
  const byDomain = e.fromAddress ? findInDomain(e.fromAddress, cands) : null;
  if (byDomain)
    return { ags: byDomain.respondent.ags, confidence: 0.6, reason: `mail domain of ${e.fromAddress ?? ''}` };
  return null;
}
