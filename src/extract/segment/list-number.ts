/**
 * Numbers as people type them at the start of a line: "1.", "2.1", "3.2.1", "a)", "(b)", "II.", "IV)".
 * Returns the number as written and the rest of the line.
 */
const LIST_MARKER = /^(\(?(?:\d{1,3}(?:\.\d{1,3})*\.?|[a-z]\)|[a-z]\.(?=\s)|[IVX]{1,5}\.|[IVX]{1,5}\))\)?)\s+(?=\S)/;
const BULLET = /^[-–•*▪●◦]\s+(?=\S)/;

export function splitListMarker(line: string): { number: string | null; bullet: boolean; rest: string } | null {
  const numbered = LIST_MARKER.exec(line);
  // "2024 wurden…" is a year, not a list number: accept plain integers only when followed by "." or ")".
  if (numbered?.[1] && !/^\d{4}$/.test(numbered[1])) {
    if (/^\d+$/.test(numbered[1])) return null;
    return { number: numbered[1], bullet: false, rest: line.slice(numbered[0].length) };
  }
  const bullet = BULLET.exec(line);
  if (bullet) return { number: null, bullet: true, rest: line.slice(bullet[0].length) };
  return null;
}

/** Depth of a number: "1." → 0, "2.1" → 1, "a)" → 1 (letters sit under numbers in German letters). */
export function listLevel(number: string | null): number {
  if (!number) return 0;
  if (/^\(?[a-z][).]/.test(number)) return 1;
  return Math.max(0, number.replace(/\.$/, '').split('.').length - 1);
}
