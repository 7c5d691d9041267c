import ExcelJS from 'exceljs';
import { spreadsheetText } from '../../../core/spreadsheet-cell.ts';
import type { Taxonomy } from '../../../core/types.ts';
import type { PassageRow } from '../passage-rows.ts';
import type { SynopsisModel } from './build-synopsis.ts';

const DATE_FORMAT = 'dd.mm.yyyy hh:mm';

/** A formula-looking cell is prefixed with ' so a spreadsheet never evaluates mail text. */
const safe = spreadsheetText;

/** Excel forbids []:*?/\ in sheet names and allows 31 characters. */
export const sheetName = (s: string): string => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

interface Column {
  header: string;
  key: string;
  width: number;
}

const PASSAGE_COLUMNS: Column[] = [
  { header: 'Landkreis', key: 'respondent', width: 28 },
  { header: 'AGS', key: 'ags', width: 8 },
  { header: 'Land', key: 'land', width: 18 },
  { header: 'Datum', key: 'date', width: 17 },
  { header: 'Dokument', key: 'document', width: 24 },
  { header: 'Seite', key: 'page', width: 6 },
  { header: 'Text', key: 'text', width: 80 },
  { header: 'Haltung', key: 'stance', width: 26 },
  { header: 'Themen', key: 'topics', width: 24 },
  { header: 'Bewertung', key: 'assessment', width: 40 },
  { header: 'geprüft', key: 'reviewed', width: 8 },
  { header: 'Konfidenz', key: 'confidence', width: 10 },
  { header: 'Passage-ID', key: 'passageId', width: 38 },
];

function addTable(ws: ExcelJS.Worksheet, columns: Column[]): void {
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/**
 * The synopsis as a workbook: "Übersicht" (item × stance, counting senders as the Word file does), one sheet per
 * annex with a row per item and statement, and "Alle Aussagen" with every statement in scope, tagged or not. Dates
 * are real dates, stances their German labels; boilerplate, headings and salutations are left out.
 */
export async function synopsisXlsx(
  model: SynopsisModel,
  taxonomy: Taxonomy,
  /** Adds further sheets, e.g. the arguments of each item (exports/arguments-xlsx.ts). */
  extend?: (wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rücklauf';
  const stanceLabel = new Map<string | null, string>([
    ...taxonomy.stances.map((s): [string, string] => [s.id, s.label]),
    [null, 'ohne Haltung'],
  ]);
  const topicLabel = new Map(taxonomy.topics.map((t) => [t.id, t.label]));
  const assessmentOf = (p: PassageRow) => model.passageAssessments.get(p.passageId)?.text ?? '';
  const passageValues = (p: PassageRow) => ({
    respondent: safe(p.respondent),
    ags: p.ags ?? '',
    land: p.land ?? '',
    date: p.date ? new Date(p.date) : null,
    document: safe(p.document),
    page: p.page,
    text: safe(p.text),
    stance: stanceLabel.get(p.stance) ?? p.stance ?? '',
    topics: p.topics.map((t) => topicLabel.get(t) ?? t).join('; '),
    assessment: safe(assessmentOf(p)),
    reviewed: p.reviewed ? 'ja' : 'nein',
    confidence: p.confidence,
    passageId: p.passageId,
  });
  const finish = (ws: ExcelJS.Worksheet) => {
    ws.getColumn('date').numFmt = DATE_FORMAT;
    ws.getColumn('text').alignment = { wrapText: true, vertical: 'top' };
    ws.getColumn('assessment').alignment = { wrapText: true, vertical: 'top' };
  };

  const summary = wb.addWorksheet('Übersicht');
  const stanceColumns = [...stanceLabel.entries()];
  addTable(summary, [
    { header: 'Nummer', key: 'short', width: 18 },
    { header: 'Titel', key: 'title', width: 50 },
    ...stanceColumns.map(([id, label]) => ({ header: label, key: `stance:${id ?? ''}`, width: 16 })),
    { header: 'Landkreise mit Aussage', key: 'counties', width: 12 },
    { header: 'Aussagen', key: 'passages', width: 10 },
    { header: 'ohne Äußerung', key: 'silent', width: 12 },
    { header: 'Bewertung', key: 'assessment', width: 50 },
  ]);
  for (const item of model.items) {
    const row: Record<string, string | number> = {
      short: item.short,
      title: item.title,
      counties: item.summary.counties,
      passages: item.summary.stances.reduce((n, s) => n + s.passages, 0),
      silent: item.summary.silentCounties,
      assessment: safe(item.assessment?.text ?? ''),
    };
    for (const [id] of stanceColumns)
      row[`stance:${id ?? ''}`] = item.summary.stances.find((s) => s.stance === id)?.respondents ?? 0;
    summary.addRow(row);
  }

  for (const group of taxonomy.groups) {
    const items = model.items.filter((i) => i.group === group.id);
    if (items.length === 0) continue;
    const ws = wb.addWorksheet(sheetName(group.aliases[0] ?? group.id));
    addTable(ws, [
      { header: 'Nummer', key: 'short', width: 16 },
      { header: 'Titel', key: 'title', width: 36 },
      { header: 'gleichlautend mit', key: 'merged', width: 12 },
      ...PASSAGE_COLUMNS,
    ]);
    for (const item of items)
      for (const g of item.groups)
        for (const s of g.statements)
          for (const p of s.passages)
            ws.addRow({ short: item.short, title: item.title, merged: s.passages.length - 1, ...passageValues(p) });
    finish(ws);
  }

  const all = wb.addWorksheet('Alle Aussagen');
  addTable(all, [{ header: 'Nummern', key: 'items', width: 20 }, ...PASSAGE_COLUMNS]);
  for (const p of model.statements) all.addRow({ items: p.items.join('; '), ...passageValues(p) });
  finish(all);
  extend?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
