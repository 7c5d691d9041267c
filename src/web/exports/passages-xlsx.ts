import ExcelJS from 'exceljs';
import type { PassageRow } from './passage-rows.ts';

const COLUMNS: { header: string; key: keyof PassageRow | 'itemLabels'; width: number }[] = [
  { header: 'Landkreis', key: 'respondent', width: 28 },
  { header: 'AGS', key: 'ags', width: 8 },
  { header: 'Land', key: 'land', width: 16 },
  { header: 'Absender', key: 'from', width: 28 },
  { header: 'Datum', key: 'date', width: 20 },
  { header: 'Dokument', key: 'document', width: 24 },
  { header: 'Seite', key: 'page', width: 6 },
  { header: 'Nr.', key: 'seq', width: 5 },
  { header: 'Text', key: 'text', width: 80 },
  { header: 'Nummern', key: 'items', width: 20 },
  { header: 'Nummern (Titel)', key: 'itemLabels', width: 40 },
  { header: 'Themen', key: 'topics', width: 20 },
  { header: 'Haltung', key: 'stance', width: 12 },
  { header: 'Konfidenz', key: 'confidence', width: 10 },
  { header: 'Quelle der Tags', key: 'tagSource', width: 12 },
  { header: 'geprüft', key: 'reviewed', width: 8 },
  { header: 'Boilerplate', key: 'boilerplate', width: 10 },
  { header: 'Passage-ID', key: 'passageId', width: 38 },
];

/** One row per passage with all its tags; a spreadsheet reviewers can filter and sort. */
export async function passagesXlsx(
  rows: readonly PassageRow[],
  itemTitle: (id: string) => string,
  /** Adds further sheets, e.g. the arguments (exports/arguments-xlsx.ts). */
  extend?: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rücklauf';
  const ws = wb.addWorksheet('Passagen', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow({
      ...r,
      items: r.items.join('; '),
      itemLabels: r.items.map(itemTitle).join('; '),
      topics: r.topics.join('; '),
      reviewed: r.reviewed ? 'ja' : 'nein',
      boilerplate: r.boilerplate ? 'ja' : 'nein',
    });
  }
  ws.getColumn('text').alignment = { wrapText: true, vertical: 'top' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  extend?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
