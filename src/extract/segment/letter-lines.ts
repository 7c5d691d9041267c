import { FORWARD_MARKER } from '../../core/mail-markers.ts';
import type { BoilerplateKind } from '../../core/types.ts';

/**
 * What one printed line of a German official letter (DIN 5008) or a mail is, judged by its words alone: the
 * pieces a county's letter is built from around the statement. Pure. A line that could be part of a statement
 * returns null; only lines whose form gives them away are named here, the position rules live in anatomy.ts.
 */

export const SALUTATION = /^(sehr geehrte|liebe[rs]?\b|hallo\b|guten (tag|morgen)\b|moin\b)/i;
export const CLOSING =
  /^(mit (den )?(freundlichen|besten|kollegialen|herzlichen) grüßen|freundliche grüße|viele grüße|beste grüße|herzliche grüße|kollegiale grüße|mfg\b|gruß\b|grüße aus\b)/i;
/** "Im Auftrag", "i. A.", "gez. Huber", "In Vertretung": DIN 5008's signature block openers. */
export const SIGNATURE_OPENER = /^(im auftrag\b|i\.\s?a\.|in vertretung\b|i\.\s?v\.|gez\.|gezeichnet\b)/i;

/** Information block and reference line with a colon: "Ihr Zeichen:", "Aktenzeichen: 32.4-102/2024", "Bezug: …". */
const REFERENCE_COLON =
  /^(betreff|betr\.|bezug|bzg\.|ihr zeichen|ihre zeichen|ihre nachricht( vom)?|ihr schreiben( vom)?|ihr rundschreiben( vom)?|ihre e-?mail( vom)?|unser zeichen|unsere zeichen|mein zeichen|aktenzeichen|az\.?|geschäftszeichen|gesch\.-?z\.|gz\.?|auskunft erteilt|auskunft|sachbearbeiter(in)?|sachbearbeitung|bearbeiter(in)?|ansprechpartner(in)?|zimmer|zimmer-?nr\.?|raum|durchwahl|telefon|tel\.|telefax|fax|e-?mail|mail|datum|stand|dienstgebäude|haus|gebäude|internet)\s*:/i;
/** Information block lines whose first words alone give them away: "Ihr Schreiben vom 24.07.2024", "Telefon 0481 97-1". */
const REFERENCE_WORDS =
  /^((ihr|unser|mein) zeichen\b|aktenzeichen\b|az\.\s|geschäftszeichen\b|gz\.\s|auskunft erteilt\b|(ihr|ihre) (schreiben|rundschreiben|nachricht|e-?mail) vom\b|(telefon|tel\.|fax|telefax|zimmer|durchwahl)\s+[\d+(])/i;
const SUBJECT_LINE = /^(betreff|betr\.|bezug|bzg\.)\s*:/i;
/** "Heide, 11.09.2024", "Göttingen, den 12. September 2024", "Datum: 12.09.2024", a bare "12.09.2024". */
const DATE_LINE =
  /^(([\p{Lu}][\p{L} .()/-]{1,40}),\s*(den\s+)?)?\d{1,2}\.\s?(\d{1,2}\.\s?\d{2,4}|(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)\s+\d{4})$/iu;

const STREET =
  /^[\p{L}ß.'\- ]{2,40}(straße|str\.|strasse|weg|platz|allee|ring|gasse|damm|ufer|chaussee|markt|hof|brücke|wall|graben|steig|stieg|kamp|anger|berg|tor)\s+\d{1,4}\s?[a-z]?(\s?[-–]\s?\d{1,4}\s?[a-z]?)?$/iu;
const POSTCODE_CITY = /^(d-\s?)?\d{5}\s+[\p{Lu}][\p{L} .()/-]{1,40}$/u;
const POST_BOX = /^(postfach|pf\.?)\s+[\d ]+$/i;
/** The return address line above the address field: "Landkreis Göttingen · Reinhäuser Landstraße 4 · 37083 Göttingen". */
const RETURN_ADDRESS = /[·•|]\s*.*\b\d{5}\s+\p{Lu}/u;

/** Bank details, opening hours, switchboard, web site, tax ids: what fills the foot of a letter's first page. */
const FOOTER =
  /(?<![\p{L}\p{N}])(iban|bic|swift|bankverbindung|bankverbindungen|kreissparkasse|sparkasse|volksbank|raiffeisenbank|öffnungszeiten|sprechzeiten|servicezeiten|besuchszeiten|ust-?id|ust\.-?id|steuernummer|gläubiger-?id|leitweg-?id|hausanschrift|postanschrift|lieferanschrift|besucheranschrift|internet:|www\.[a-z0-9-]+\.[a-z]{2,}|de\d{2}\s?\d{4}\s?\d{4})(?![\p{L}\p{N}])|^(mo|di|mi|do|fr)\.?\s*[-–]\s*(di|mi|do|fr|sa)\.?(?!\p{L})|^montag bis (donnerstag|freitag)(?!\p{L})|^seite\s+\d+\s+von\s+\d+$/iu;
/** Mail disclaimers and privacy notices. */
const DISCLAIMER =
  /(diese e-?mail (enthält|kann|ist)|vertrauliche (und\/oder )?rechtlich|irrtümlich erhalten|informationspflichten nach art|datenschutzhinweis|hinweise zum datenschutz|this e-?mail (and any|is confidential)|bitte prüfen sie, ob (der ausdruck|sie diese)|denken sie an die umwelt)/i;

/** The authority and its units: "Landkreis Dithmarschen", "Der Landrat", "Fachdienst 32 – Ausländerbehörde". */
const AUTHORITY_LINE =
  /^(der |die )?(landkreis|kreis|landratsamt|kreisverwaltung|kreisausschuss|landrat|landrätin|oberbürgermeister(in)?|kreisstadt|region|regionalverband|städteregion|fachdienst|fachbereich|fachgebiet|amt|dezernat|sachgebiet|referat|abteilung|geschäftsbereich|team|stabsstelle|ausländerbehörde|ausländeramt|ordnungsamt|rechtsamt|zentrale ausländerbehörde|bürger-?service|landkreistag|[\p{L}-]*landkreistag|der präsident)\b/iu;
/** A signature's title line: "Landrat", "Sachgebietsleiter", "Leiterin der Ausländerbehörde". */
const TITLE_LINE =
  /^(landrat|landrätin|erste[rs]? kreisrat|kreisrat|kreisrätin|dezernent(in)?|amtsleiter(in)?|fachdienstleiter(in)?|fachbereichsleiter(in)?|sachgebietsleiter(in)?|referatsleiter(in)?|abteilungsleiter(in)?|teamleiter(in)?|leiter(in)?\b|sachbearbeiter(in)?|beigeordnete[rs]?|geschäftsführer(in)?|referent(in)?|verwaltungs\w*)\b/i;
/** "Dr. Marcel Riethig", "Petra Schulze", "M. Huber": a person's name on a line of its own. */
const PERSON_NAME =
  /^((Dr\.|Prof\.|Dipl\.-\w+\.?)\s+)*(\p{Lu}\.\s?)?\p{Lu}[\p{Ll}'-]+(\s+(von|van|de|zu)\b)?(\s+\p{Lu}[\p{Ll}'-]+){0,2}(\s*\(.{1,30}\))?$/u;

export { FORWARD_MARKER, MAIL_HEADER_FIELD, QUOTE_MARKER } from '../../core/mail-markers.ts';

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
/** A statement line is a sentence: many words, or a verb-ending period. Letter parts are short fragments. */
const isFragment = (s: string, maxWords: number): boolean => words(s) <= maxWords && !/[.!?;]\s*$/.test(s);

/** The kind a line's form reveals anywhere in a letter (strong evidence only). */
export function strongLineKind(line: string): BoilerplateKind | null {
  const s = line.trim();
  if (!s) return null;
  if (FORWARD_MARKER.test(s)) return 'forward-header';
  if (SALUTATION.test(s) && s.length < 120) return 'salutation';
  if (CLOSING.test(s) && s.length < 80) return 'closing';
  if (SIGNATURE_OPENER.test(s) && words(s) <= 8) return 'signature';
  if (DISCLAIMER.test(s)) return 'footer';
  if (FOOTER.test(s) && words(s) <= 20) return 'footer';
  if (DATE_LINE.test(s)) return 'reference';
  if (SUBJECT_LINE.test(s) && REFERENCE_COLON.test(s) && words(s) <= 30) return 'reference';
  if ((REFERENCE_COLON.test(s) || REFERENCE_WORDS.test(s)) && words(s) <= 16 && !/[!?]\s*$/.test(s)) return 'reference';
  if (STREET.test(s) || POSTCODE_CITY.test(s) || POST_BOX.test(s) || (RETURN_ADDRESS.test(s) && words(s) <= 18))
    return 'address';
  return null;
}

/** The kind a line takes in a letter's head (above the salutation), where short fragments are letter parts. */
export function headLineKind(line: string): BoilerplateKind | null {
  const strong = strongLineKind(line);
  if (strong) return strong;
  const s = line.trim();
  if (AUTHORITY_LINE.test(s) && isFragment(s, 10)) return 'letterhead';
  return null;
}

/** The kind a line takes below the closing formula: names, titles and offices are the signature. */
export function tailLineKind(line: string): BoilerplateKind | null {
  const strong = strongLineKind(line);
  if (strong) return strong;
  const s = line.trim();
  if ((TITLE_LINE.test(s) || AUTHORITY_LINE.test(s) || PERSON_NAME.test(s)) && isFragment(s, 10)) return 'signature';
  return null;
}

/** "Betreff: Rundschreiben …": the subject of a letter, metadata and not a statement. */
export const isSubjectLine = (line: string): boolean => SUBJECT_LINE.test(line.trim());

/** Pieces of a block that are separate printed lines: lines, and cells of a PDF line split by a tab. */
export const blockPieces = (text: string): string[] =>
  text
    .split(/[\n\t]/)
    .map((l) => l.trim())
    .filter(Boolean);
