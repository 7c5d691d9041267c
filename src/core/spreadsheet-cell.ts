import { stringify } from 'csv-stringify/sync';

/**
 * Mail text is untrusted: a cell that begins like a formula (=, +, -, @, tab, CR) would be evaluated by the
 * spreadsheet a reviewer opens the export in ("CSV injection"); a leading ' makes it text.
 */
export const spreadsheetText = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** CSV for spreadsheets: lists joined by ";", null as empty, every text cell neutralised as above. */
export function spreadsheetCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown): string =>
    spreadsheetText(Array.isArray(v) ? v.join(';') : v === null || v === undefined ? '' : String(v));
  return stringify([[...header], ...rows.map((r) => r.map(cell))]);
}
