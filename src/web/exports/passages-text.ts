import { spreadsheetCsv } from '../../core/spreadsheet-cell.ts';
import type { PassageRow } from './passage-rows.ts';

const FIELDS = [
  'respondent',
  'ags',
  'land',
  'from',
  'date',
  'document',
  'page',
  'seq',
  'text',
  'items',
  'topics',
  'stance',
  'confidence',
  'tagSource',
  'reviewed',
  'boilerplate',
  'passageId',
  'messageId',
] as const satisfies readonly (keyof PassageRow)[];

/** CSV with lists joined by ";"; a formula-looking cell is prefixed with ' so a spreadsheet never evaluates mail text. */
export function passagesCsv(rows: readonly PassageRow[]): string {
  return spreadsheetCsv(
    FIELDS,
    rows.map((r) => FIELDS.map((f) => r[f])),
  );
}

export function passagesJsonl(rows: readonly PassageRow[]): string {
  return (
    rows.map((r) => JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, r[f]])))).join('\n') +
    (rows.length ? '\n' : '')
  );
}
