/**
 * Tesseract's TSV output → the page's text lines and a mean word confidence. Pure. Columns: level page_num
 * block_num par_num line_num word_num left top width height conf text; words have level 5, confidence 0–100.
 * Tesseract's own paragraphs split sentences apart; line geometry is more reliable: a vertical gap clearly larger
 * than usual between two lines becomes an empty line (a paragraph break), as in a text-layer PDF.
 */
export interface OcrPage {
  lines: string[];
  words: number;
  /** Mean word confidence in [0,1]; 0 when no word was recognised. */
  confidence: number;
}

interface Line {
  top: number;
  bottom: number;
  words: string[];
}

export function parseTesseractTsv(tsv: string): OcrPage {
  const lines = new Map<string, Line>();
  let confSum = 0;
  let words = 0;
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const text = (c[11] ?? '').trim();
    const conf = Number(c[10]);
    if (!text || !(conf >= 0)) continue;
    const key = `${c[2]}.${c[3]}.${c[4]}`;
    const top = Number(c[7]);
    const bottom = top + Number(c[9]);
    const line = lines.get(key) ?? { top, bottom, words: [] };
    line.top = Math.min(line.top, top);
    line.bottom = Math.max(line.bottom, bottom);
    line.words.push(text);
    lines.set(key, line);
    confSum += conf;
    words++;
  }
  return {
    lines: withParagraphBreaks([...lines.values()]),
    words,
    confidence: words ? Math.round(confSum / words) / 100 : 0,
  };
}

function withParagraphBreaks(lines: Line[]): string[] {
  const sorted = lines.sort((a, b) => a.top - b.top);
  const heights = sorted.map((l) => l.bottom - l.top).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] ?? 0;
  const out: string[] = [];
  sorted.forEach((line, i) => {
    const prev = sorted[i - 1];
    if (prev && line.top - prev.bottom > typical * 0.9) out.push('');
    out.push(line.words.join(' '));
  });
  return out;
}
