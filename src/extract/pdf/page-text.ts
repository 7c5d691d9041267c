import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

type TextContent = Awaited<ReturnType<PDFPageProxy['getTextContent']>>;
type TextItem = Extract<TextContent['items'][number], { str: string }>;

/** Baselines closer than this (in points) are one line; items on one line further apart than CELL_GAP are cells. */
const LINE_THRESHOLD = 4.6;
const CELL_GAP = 7;

/**
 * A page's text, line by line, laid out exactly as pdf-parse 2.4's getText() did (the clean-up and its tests were
 * tuned on that): a line break where pdf.js marks the end of a line or where the baseline moves by more than the
 * line's height, and a tab between items on one line with a gap. Without pdf-parse's metadata, outline and link
 * passes, which text extraction does not need.
 */
export async function readPageText(page: PDFPageProxy): Promise<string> {
  const toPage = viewportMapping(page);
  const content = await page.getTextContent();
  const out: string[] = [];
  let lastX: number | undefined;
  let lastY: number | undefined;
  let lineHeight = 0;
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const { x, y } = toPage(item.transform[4] ?? 0, item.transform[5] ?? 0);
    if (
      lastY !== undefined &&
      Math.abs(lastY - y) > LINE_THRESHOLD &&
      startsLowerLine(out, item, Math.abs(lastY - y), lineHeight)
    ) {
      out.push('\n');
      lineHeight = 0;
    }
    const isCell =
      lastY !== undefined &&
      Math.abs(lastY - y) < LINE_THRESHOLD &&
      lastX !== undefined &&
      Math.abs(lastX - x) > CELL_GAP;
    const str = isCell ? `\t${item.str}` : item.str;
    out.push(str);
    lastX = x + item.width;
    lastY = y;
    lineHeight = Math.max(lineHeight, item.height);
    if (item.hasEOL) out.push('\n');
    if (item.hasEOL || str.endsWith('\n')) lineHeight = 0;
  }
  return out.join('');
}

/** A baseline jump without a line break from pdf.js: a new line unless one was just written or this item brings it. */
function startsLowerLine(out: readonly string[], item: TextItem, jump: number, lineHeight: number): boolean {
  const last = out[out.length - 1];
  if (last === undefined || last.endsWith('\n')) return false;
  if (item.str.startsWith('\n') || (item.str.trim() === '' && item.hasEOL)) return false;
  return jump - 1 > lineHeight;
}

/** The page's viewport at scale 1 (origin top left, /Rotate applied), as pdf-parse positioned items. */
function viewportMapping(page: PDFPageProxy): (x: number, y: number) => { x: number; y: number } {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = page.getViewport({ scale: 1 }).transform;
  return (x, y) => ({ x: a * x + c * y + e, y: b * x + d * y + f });
}
