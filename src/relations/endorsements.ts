/**
 * Endorsements: "Wir schließen uns der Stellungnahme des Niedersächsischen Landkreistages an", "verweisen auf die
 * Stellungnahme des Landkreises X", "tragen die Ausführungen des … mit". A county that endorses another body's
 * statement has spoken, so the synopsis and coverage say "schließt sich … an" instead of "keine Äußerung". Pure.
 */
export interface Endorsement {
  /** The endorsed body in the nominative: "Niedersächsischer Landkreistag", "Landkreis Celle". */
  target: string;
  /** The words that say it, as written. */
  phrase: string;
}

const DOC = '(?:stellungnahme|ausführungen|position|äußerungen|anmerkungen|auffassung|hinweise|positionierung)';
const OF = '(?:des|der|vom|von)';
/** The endorsed body: up to eight words, ending before the verb particle or the sentence end. */
const BODY = '((?:[\\p{L}][\\p{L}.\\-]*\\s?){1,8}?)';

const PATTERNS: RegExp[] = [
  new RegExp(
    `(schließen|schließt)\\s+(uns|sich)\\s+(?:\\p{L}+\\s+){0,3}?(der|den|die)\\s+${DOC}\\s+(?:\\p{L}+\\s+){0,2}?${OF}\\s+${BODY}\\s+(?:\\p{L}+\\s+){0,2}?an\\b`,
    'iu',
  ),
  new RegExp(
    `(verweisen|verweist)\\s+(?:wir\\s+|der\\s+\\p{L}+\\s+)?(?:\\p{L}+\\s+){0,2}?auf\\s+die\\s+${DOC}\\s+${OF}\\s+${BODY}(?=\\s*(?:[.,;:(]|$|vom\\b|und\\b|zu\\b))`,
    'iu',
  ),
  new RegExp(`(tragen|trägt)\\s+die\\s+${DOC}\\s+${OF}\\s+${BODY}\\s+(?:\\p{L}+\\s+){0,2}?mit\\b`, 'iu'),
  new RegExp(
    `(unterstützen|unterstützt|teilen|teilt)\\s+(?:\\p{L}+\\s+){0,2}?die\\s+${DOC}\\s+${OF}\\s+${BODY}(?=\\s*(?:[.,;]|$|vollumfänglich|uneingeschränkt|in vollem))`,
    'iu',
  ),
  new RegExp(`(?:der|die)\\s+${DOC}\\s+${OF}\\s+${BODY}\\s+(?:ist|sind)\\s+nichts\\s+hinzuzufügen`, 'iu'),
];

export function detectEndorsement(text: string): Endorsement | null {
  const flat = text.replace(/\s+/g, ' ');
  for (const re of PATTERNS) {
    const m = re.exec(flat);
    const body = m
      ?.slice(1)
      .reverse()
      .find((g) => g !== undefined && /\p{Lu}/u.test(g));
    if (m && body) {
      const target = nominative(namePart(body.trim()));
      if (target) return { target, phrase: m[0].trim() };
    }
  }
  return null;
}

/** The body's name ends where lower-case words that are no joining words begin ("… Landkreistags vollumfänglich"). */
function namePart(body: string): string {
  const words = body.split(' ');
  const kept: string[] = [];
  for (const [i, w] of words.entries()) {
    const joins = /^(des|der|für|und|im|in|am|zur|zum)$/.test(w) && /^\p{Lu}/u.test(words[i + 1] ?? '');
    if (!/^\p{Lu}/u.test(w) && !joins) break;
    kept.push(w);
  }
  return kept.join(' ');
}

/**
 * "des Niedersächsischen Landkreistages" → "Niedersächsischer Landkreistag", "des Landkreises Celle" → "Landkreis
 * Celle": the genitive the sentence needs is not how the body is named.
 */
export function nominative(genitive: string): string {
  const words = genitive.replace(/[.,;:]+$/, '').split(' ');
  const out = words.map((w, i) => {
    const next = words[i + 1] ?? '';
    if (
      /^(landkreistag(e)?s|kreistag(e)?s|städtetag(e)?s|landkreises|kreises|landratsamtes|landratsamts|verbandes|verbands)$/i.test(
        w,
      )
    )
      return w.replace(/(e)?s$/i, '');
    // An adjective before the noun: "Niedersächsischen Landkreistages" → "Niedersächsischer".
    if (/en$/.test(w) && /^(landkreistag|kreistag|städtetag|landkreis)/i.test(next) && /^\p{Lu}/u.test(w))
      return `${w.slice(0, -2)}er`;
    return w;
  });
  return out.join(' ').trim();
}
