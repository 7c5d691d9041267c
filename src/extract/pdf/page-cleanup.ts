/**
 * Removes what repeats on every page of a letter — running headers, footers and page numbers — so that they do
 * not become passages, and splits a page's lines into paragraphs. Pure; works on plain text per page (a PDF's
 * text layer as pdf-parse lays it out, or OCR lines).
 */
const PAGE_NUMBER = /^[-–(]?\s*(seite|page|s\.)?\s*\d{1,4}\s*((von|of|\/)\s*\d{1,4})?\s*[-–)]?$/i;
/** "Seite 1 von 2" as OCR misreads it ("Seitelvon1i"). */
const OCR_PAGE_NUMBER = /^seite.{0,4}von.{0,4}$/i;
const EDGE_LINES = 3;
const REPEAT_SHARE = 0.6;

export function cleanPages(pages: readonly string[]): string[][] {
  const lines = pages.map((p) =>
    p
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.trim()),
  );
  const edges = lines.map(edgeIndexes);
  const repeated = repeatedEdgeLines(lines, edges, shape);
  const repeatedExactly = repeatedEdgeLines(lines, edges, (line) => line);
  return lines.map((pageLines, p) =>
    pageLines.filter((line, i) => {
      if (!edges[p]?.has(i) || line === '') return true;
      if (PAGE_NUMBER.test(line) || OCR_PAGE_NUMBER.test(line)) return false;
      // An item heading at the top of every page ("Zu Anlage 1 Nr. 3", then "… Nr. 4") is the statement's
      // structure, one item per page; only the very same heading on most pages runs.
      return ITEM_HEADING.test(line) ? !repeatedExactly.has(line) : !repeated.has(shape(line));
    }),
  );
}

/** A reference to a numbered item of the circular: its digits are content, not a page's running number. */
const ITEM_HEADING =
  /^(zu\s+)?(anlage|anl\.)\s*\d+[^\n]{0,20}\b(nr\.?|ziffer|punkt)\s*\d+|^zu\s+(nr\.?|ziffer|punkt|tz\.?)\s*\d+/i;

/** Digits vary between pages ("Seite 2", dates); the shape of a running header does not. */
const shape = (line: string): string => line.replace(/\d+/g, '#').replace(/\s+/g, ' ').toLowerCase();

/** Indexes of the first and last EDGE_LINES non-empty lines of a page: where running headers and footers sit. */
function edgeIndexes(lines: readonly string[]): Set<number> {
  const content: number[] = [];
  lines.forEach((l, i) => {
    if (l) content.push(i);
  });
  return new Set([...content.slice(0, EDGE_LINES), ...content.slice(-EDGE_LINES)]);
}

function repeatedEdgeLines(
  pages: readonly string[][],
  edges: readonly Set<number>[],
  key: (line: string) => string,
): Set<string> {
  if (pages.length < 2) return new Set();
  const counts = new Map<string, number>();
  pages.forEach((lines, p) => {
    const shapes = new Set([...(edges[p] ?? [])].map((i) => key(lines[i] ?? '')));
    for (const s of shapes) counts.set(s, (counts.get(s) ?? 0) + 1);
  });
  // With two pages only a line on both is running; with more, most pages suffice (a first page may differ).
  const needed = pages.length === 2 ? 2 : Math.ceil(pages.length * REPEAT_SHARE);
  return new Set([...counts].filter(([, n]) => n >= needed).map(([s]) => s));
}

/**
 * PDF text has a line per printed line and rarely a blank line between paragraphs: start a new paragraph after a
 * line that stops well short of the column (a paragraph's last line, an address line, a heading), or before a
 * list number / "Zu …" heading.
 */
export function linesToParagraphText(lines: readonly string[]): string {
  const width = typicalWidth(lines);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (i > 0 && line && prev && (endsShort(prev, width) || startsNew(line))) out.push('');
    out.push(line);
  });
  return out.join('\n');
}

const endsShort = (line: string, width: number): boolean => line.length < width * 0.75;
const startsNew = (line: string): boolean =>
  /^(zu\s|\d{1,2}(\.\d{1,2})*\.?\s|[a-z]\)\s|[IVX]{1,4}\.\s|[-•]\s|sehr geehrte|mit freundlichen|freundliche grüße|viele grüße|im auftrag\b)/i.test(
    line,
  );

function typicalWidth(lines: readonly string[]): number {
  const lengths = lines
    .map((l) => l.length)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  // A high percentile: letters have many short lines (address, date, greeting) besides the full ones.
  return lengths[Math.floor(lengths.length * 0.9)] ?? 80;
}
