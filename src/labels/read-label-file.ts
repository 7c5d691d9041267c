import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Taxonomy } from '../core/types.ts';
import { checkLabelRows, type LabelRow, type LineProblem } from './label-rows.ts';
import { jsonlLabelRows } from './jsonl-labels.ts';
import { sheetLabelRows } from './sheet-labels.ts';

export type LabelFileFormat = 'jsonl' | 'csv' | 'xlsx';

export interface LabelFile {
  format: LabelFileFormat;
  rows: LabelRow[];
  /** Spreadsheet rows left out as unreviewed or boilerplate. */
  skipped: number;
}

/** Thrown when a file cannot be imported; `problems` name every bad line, and nothing was imported. */
export class LabelFileError extends Error {
  override readonly name = 'LabelFileError';
  readonly code = 'labels.invalid_file';
  constructor(
    readonly file: string,
    readonly problems: readonly LineProblem[],
  ) {
    const shown = problems.slice(0, 20).map((p) => `  ${file}:${p.line}: ${p.problem}`);
    const more = problems.length > shown.length ? [`  … and ${problems.length - shown.length} more`] : [];
    super([`${file}: ${problems.length} problem(s), nothing imported:`, ...shown, ...more].join('\n'));
  }
}

/** The format from the bytes (a ZIP is XLSX, a first character "{" is JSONL, anything else CSV), never the name. */
export function labelFileFormat(bytes: Uint8Array): LabelFileFormat {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  const start = new TextDecoder()
    .decode(bytes.subarray(0, 64))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('{') ? 'jsonl' : 'csv';
}

/**
 * Reads and checks a label file against the taxonomy, all or nothing: any bad line throws a LabelFileError that
 * names every bad line, so a fixed file can be imported in one go.
 */
export async function readLabelFile(name: string, bytes: Uint8Array, taxonomy: Taxonomy): Promise<LabelFile> {
  const format = labelFileFormat(bytes);
  const read =
    format === 'jsonl'
      ? { ...jsonlLabelRows(new TextDecoder().decode(bytes)), skipped: 0 }
      : sheetLabelRows(format === 'csv' ? csvCells(name, bytes) : await xlsxCells(name, bytes));
  if (format !== 'jsonl') read.rows = read.rows.map((row) => idsForDisplayLabels(row, taxonomy));
  const problems = [...read.problems, ...checkLabelRows(read.rows, taxonomy)].sort((a, b) => a.line - b.line);
  if (problems.length > 0) throw new LabelFileError(name, problems);
  if (read.rows.length === 0)
    throw new LabelFileError(name, [{ line: 1, problem: 'no labelled passages in the file' }]);
  return { format, rows: read.rows, skipped: read.skipped };
}

const PASSAGES_SHEET = 'Alle Aussagen';

/**
 * The workbook shows stances and topics by their German labels ("Ablehnung", "Kosten"); a label that names a
 * taxonomy entry (case aside) is read as its id, anything else stays as written and is checked like an id.
 */
function idsForDisplayLabels(row: LabelRow, taxonomy: Taxonomy): LabelRow {
  const idOf = (entries: readonly { id: string; label: string }[], value: string) =>
    entries.find((e) => e.label.toLowerCase() === value.trim().toLowerCase())?.id ?? value;
  return {
    ...row,
    ...(row.topics ? { topics: row.topics.map((t) => idOf(taxonomy.topics, t)) } : {}),
    ...(row.stance !== undefined ? { stance: idOf(taxonomy.stances, row.stance) } : {}),
  };
}

function csvCells(name: string, bytes: Uint8Array): string[][] {
  try {
    return parse(Buffer.from(bytes), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    throw new LabelFileError(name, [{ line, problem: `not readable as CSV: ${(err as Error).message}` }]);
  }
}

async function xlsxCells(name: string, bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw new LabelFileError(name, [{ line: 1, problem: `not readable as XLSX: ${(err as Error).message}` }]);
  }
  // The workspace's workbook opens with a summary sheet; its passages are on "Alle Aussagen".
  const ws = wb.getWorksheet(PASSAGES_SHEET) ?? wb.worksheets[0];
  if (!ws) throw new LabelFileError(name, [{ line: 1, problem: 'the workbook has no sheet' }]);
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c).text ?? '');
    out[n - 1] = cells;
  });
  for (let i = 0; i < out.length; i++) out[i] ??= [];
  return out;
}
