import type ExcelJS from 'exceljs';
import type { ItemArguments } from './argument-summaries.ts';
import { citation } from './passage-rows.ts';

/** A sheet "Argumente": one row per argument of every item, ranked as in the synopsis, with its counties. */
export function addArgumentsSheet(
  wb: ExcelJS.Workbook,
  items: readonly ItemArguments[],
  itemTitle: (id: string) => string,
  stanceLabel: (id: string) => string,
): void {
  const ws = wb.addWorksheet('Argumente', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Nummer', key: 'item', width: 30 },
    { header: 'Rang', key: 'rank', width: 6 },
    { header: 'Argument', key: 'label', width: 40 },
    { header: 'Landkreise (Zahl)', key: 'counties', width: 10 },
    { header: 'Aussagen', key: 'passages', width: 10 },
    { header: 'Haltungen', key: 'stances', width: 30 },
    { header: 'Repräsentatives Zitat', key: 'quote', width: 80 },
    { header: 'Landkreise', key: 'names', width: 60 },
    { header: 'Länder', key: 'laender', width: 16 },
    { header: 'geprüft', key: 'reviewed', width: 8 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const a of items)
    a.arguments.forEach((x, i) =>
      ws.addRow({
        item: itemTitle(a.item),
        rank: i + 1,
        label: x.label,
        counties: x.respondents.length,
        passages: x.passages.length,
        stances: Object.entries(x.stances)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${stanceLabel(s)}: ${n}`)
          .join('; '),
        quote: `„${x.representative.text}“ (${citation(x.representative)})`,
        names: x.respondents.map((r) => r.name).join(', '),
        laender: x.laender.join(', '),
        reviewed: x.reviewed ? 'ja' : 'nein',
      }),
    );
  ws.getColumn('quote').alignment = { wrapText: true, vertical: 'top' };
}
