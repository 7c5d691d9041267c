import type { LabelRow, LineProblem } from './label-rows.ts';

/**
 * The workspace's passage export (CSV with English headers, XLSX with German ones) or a colleague's spreadsheet
 * with the same columns. Only `text` is required; without an items, topics or stance column that dimension is
 * unknown. Rows a reviewer did not check (`reviewed`/`geprüft` = no) are the machine's guesses and boilerplate rows
 * are formalities: both are skipped, never learned.
 */
const COLUMNS = {
  text: ['text'],
  items: ['items', 'nummern'],
  topics: ['topics', 'themen'],
  stance: ['stance', 'haltung'],
  id: ['passageid', 'passage-id', 'id'],
  reviewed: ['reviewed', 'geprüft'],
  boilerplate: ['boilerplate'],
} as const;

type Column = keyof typeof COLUMNS;

const NO = new Set(['nein', 'no', 'false', '0']);
const YES = new Set(['ja', 'yes', 'true', '1']);

/** The export prefixes a formula-looking cell with ' so a spreadsheet never evaluates it; undo that. */
const unescapeCell = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

const list = (cell: string): string[] =>
  cell
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * Rows of a table whose first row is the header; `cells[r]` is spreadsheet row r + 1. Returns the rows to import,
 * the problems, and how many rows were skipped as unreviewed or boilerplate.
 */
export function sheetLabelRows(cells: readonly (readonly string[])[]): {
  rows: LabelRow[];
  problems: LineProblem[];
  skipped: number;
} {
  const [header, ...body] = cells;
  const at = new Map<Column, number>();
  (header ?? []).forEach((name, i) => {
    const key = name.trim().toLowerCase();
    for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][])
      if (names.includes(key) && !at.has(column)) at.set(column, i);
  });
  if (!at.has('text'))
    return {
      rows: [],
      problems: [{ line: 1, problem: 'no "text" (or "Text") column in the header row: is this the passage export?' }],
      skipped: 0,
    };
  const rows: LabelRow[] = [];
  const problems: LineProblem[] = [];
  let skipped = 0;
  body.forEach((row, r) => {
    const line = r + 2;
    const cell = (column: Column): string | undefined => {
      const i = at.get(column);
      return i === undefined ? undefined : unescapeCell((row[i] ?? '').trim());
    };
    if (row.every((c) => c.trim() === '')) return;
    const reviewed = cell('reviewed')?.toLowerCase();
    if (reviewed !== undefined && !YES.has(reviewed)) {
      if (NO.has(reviewed) || reviewed === '') skipped++;
      else problems.push({ line, problem: `reviewed/geprüft is "${reviewed}": expected ja/nein` });
      return;
    }
    if (YES.has(cell('boilerplate')?.toLowerCase() ?? '')) {
      skipped++;
      return;
    }
    const items = cell('items');
    const topics = cell('topics');
    const stance = cell('stance');
    rows.push({
      line,
      sourceId: cell('id') || `row-${line}`,
      text: cell('text') ?? '',
      ...(items !== undefined ? { items: list(items) } : {}),
      ...(topics !== undefined ? { topics: list(topics) } : {}),
      ...(stance ? { stance } : {}),
    });
  });
  return { rows, problems, skipped };
}
