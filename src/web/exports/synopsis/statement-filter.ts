/**
 * Which passages are statements. The extractor marks letterheads, greetings, closings and signatures as boilerplate,
 * but a heading the extractor took for a paragraph ("Zu Anlage 1 Nr. 7:", "II. 4. – Kirchenasyl") or a greeting it
 * missed (a salutation inside a forwarded bundle) reached the synopsis as a "statement". They say nothing on an item.
 */
const SALUTATION =
  /^(sehr geehrte|liebe[rs]?\b|hallo\b|guten tag\b|moin\b|mit (freundlichen|besten|kollegialen) grüßen|freundliche grüße|viele grüße|beste grüße|herzliche grüße|mfg\b|im auftrag\b|i\. ?a\.)/i;
// A reference at the start: "Zu Anlage 1 Nr. 7", "Anl. 2 Ziff. 3", "zu 1.7", "II. 4.", "Frage 3".
const REFERENCE =
  /^(zu\s+)?((anlage|anl\.|ziff(er|\.)?|nr\.?|nummer|punkt|frage|abschnitt|teil|rückfvg)\s*[\divx]*\.?\s*)+([\divx]+(\.\d+)*\.?)?|^(zu\s+)?([\divx]+(\.\d+)*\.?(?![a-zäöüß])\s*)+/i;
// Periods that do not end a sentence: abbreviations and the dots of a numbering.
const NON_FINAL_DOTS = /\b(nr|ziff|anl|abs|art|bzw|vgl|ggf|s|i|ii|iii|iv|v|vi)\.|\d\./gi;
const HEADING_MAX = 120;

export function isHeadingOnly(text: string): boolean {
  const t = text.trim();
  if (t.length > HEADING_MAX) return false;
  const withoutDots = t.replace(NON_FINAL_DOTS, '');
  if (/[.!?]/.test(withoutDots.replace(/:$/, ''))) return false;
  if (t.endsWith(':')) return true;
  // "Zu Anlage 1 Nr. 7 – Reisefähigkeit und ärztliche Atteste": a reference, perhaps with the item's title after a dash.
  const rest = t.replace(REFERENCE, '').trim();
  return rest.length === 0 || /^[–—-]\s*\S/.test(rest);
}

export function isStatement(p: { text: string; boilerplate: boolean }): boolean {
  if (p.boilerplate) return false;
  const text = p.text.trim();
  if (text.length === 0) return false;
  if (SALUTATION.test(text) && text.length < 200) return false;
  return !isHeadingOnly(text);
}
