import { blockPieces } from './letter-lines.ts';

/**
 * The facts a letter's parts carry — Aktenzeichen, the addressee's reference, date, office, signer, subject — read
 * back from the boilerplate it was cut into, so marking a letterhead never loses what it says. Pure.
 */
export interface LetterFacts {
  /** The sender's file number: "Unser Zeichen", "Aktenzeichen", "Az.", "Geschäftszeichen". */
  fileNumber: string | null;
  /** The reference to the circular: "Ihr Zeichen", "Ihr Schreiben vom …", "Bezug: …". */
  theirReference: string | null;
  /** The letter's date as written ("11.09.2024"). */
  date: string | null;
  /** The first letterhead line: the authority ("Kreis Dithmarschen"). */
  office: string | null;
  /** The first name-like line of the signature ("Huber", "Dr. Sigrid Kraft"). */
  signer: string | null;
  subject: string | null;
}

/** A field at the line's start, or after the address column beside it ("10785 Berlin Ihr Zeichen: II/32"). */
const FIELD = (names: string) => new RegExp(`(?:^|\\s)(?:${names})\\s*:\\s*(.+)$|^(?:${names})\\s+(.+)$`, 'i');
const value = (re: RegExp, line: string): string | null => {
  const m = re.exec(line);
  return (m?.[1] ?? m?.[2])?.trim() ?? null;
};
const FILE_NUMBER = FIELD('unser zeichen|unsere zeichen|mein zeichen|aktenzeichen|az\\.?|geschäftszeichen|gz\\.?');
const THEIR_REFERENCE = FIELD('ihr zeichen|ihre zeichen|bezug|bzg\\.');
const SUBJECT = FIELD('betreff|betr\\.');
const DATE = /(?:^|,\s*(?:den\s+)?|datum:?\s*)(\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s?[A-Za-zä]+\s+\d{4})$/i;
const SIGNATURE_OPENER =
  /^(im auftrag|i\.\s?a\.|in vertretung|i\.\s?v\.|gez\.|mit freundlichen grüßen|freundliche grüße|viele grüße)\s*/i;

export function letterFacts(parts: readonly { boilerplate: string | null; text: string }[]): LetterFacts {
  const facts: LetterFacts = {
    fileNumber: null,
    theirReference: null,
    date: null,
    office: null,
    signer: null,
    subject: null,
  };
  for (const p of parts) {
    for (const line of blockPieces(p.text)) {
      if (p.boilerplate === 'reference' || p.boilerplate === 'letterhead') {
        facts.fileNumber ??= value(FILE_NUMBER, line);
        facts.theirReference ??= value(THEIR_REFERENCE, line);
        facts.subject ??= value(SUBJECT, line);
        facts.date ??= DATE.exec(line)?.[1] ?? null;
      }
      if (p.boilerplate === 'letterhead' && !facts.office && !/:/.test(line)) facts.office = line;
      if ((p.boilerplate === 'signature' || p.boilerplate === 'closing') && !facts.signer) {
        const rest = line.replace(SIGNATURE_OPENER, '').trim();
        if (/^(Dr\.\s|Prof\.\s)?\p{Lu}[\p{Ll}'-]+(\s\p{Lu}[\p{Ll}'-]+){0,2}$/u.test(rest)) facts.signer = rest;
      }
    }
  }
  return facts;
}
