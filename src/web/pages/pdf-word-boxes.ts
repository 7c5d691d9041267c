import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool, withScratchDir } from '../../extract/run-tool.ts';

export interface WordBox {
  text: string;
  /** Fractions of the page's width and height, so they fit the rendered image at any zoom. */
  x: number;
  y: number;
  w: number;
  h: number;
}

const num = (s: string | undefined) => Number(s ?? 'NaN');
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Words with their boxes from `pdftotext -bbox-layout` output (XHTML with page size and word coordinates). */
export function parseBboxLayout(xhtml: string): WordBox[] {
  const pageTag = /<page width="([\d.]+)" height="([\d.]+)">/.exec(xhtml);
  const width = num(pageTag?.[1]);
  const height = num(pageTag?.[2]);
  if (!(width > 0 && height > 0)) return [];
  const words: WordBox[] = [];
  for (const m of xhtml.matchAll(
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  )) {
    const [x0, y0, x1, y1] = [num(m[1]), num(m[2]), num(m[3]), num(m[4])];
    words.push({
      text: decode(m[5] ?? ''),
      x: x0 / width,
      y: y0 / height,
      w: (x1 - x0) / width,
      h: (y1 - y0) / height,
    });
  }
  return words;
}

const norm = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The page's words that belong to the passage: the longest run of consecutive words matching the passage's words in
 * order (hyphenation and layout differ between the extractor's text and poppler's, so a run may restart). Decoupled
 * from the extractor: only the passage text and the PDF page are used.
 */
export function matchPassageWords(words: readonly WordBox[], passageText: string): WordBox[] {
  const wanted = passageText.split(/\s+/).map(norm).filter(Boolean);
  const page = words.map((w) => norm(w.text));
  if (wanted.length === 0) return [];
  let best: { start: number; end: number } = { start: 0, end: 0 };
  for (let i = 0; i < page.length; i++) {
    if (page[i] !== wanted[0] && page[i] !== wanted[1]) continue;
    let k = page[i] === wanted[0] ? 0 : 1;
    let j = i;
    let misses = 0;
    while (j < page.length && k < wanted.length) {
      if (page[j] === wanted[k]) {
        j++;
        k++;
        misses = 0;
      } else if (page[j] === '') j++;
      else if (misses < 2 && wanted[k + 1] !== undefined && page[j] === wanted[k + 1]) {
        k++; // a word split differently (hyphen at a line end) on one side
        misses++;
      } else if (misses < 2 && page[j + 1] === wanted[k]) {
        j++;
        misses++;
      } else break;
    }
    if (j - i > best.end - best.start) best = { start: i, end: j };
  }
  // A match of a word or two is chance, not the passage.
  return best.end - best.start >= Math.min(3, wanted.length) ? words.slice(best.start, best.end) : [];
}

/** Word boxes of one PDF page, by poppler in a time-limited child process in a private directory. */
export async function pdfWordBoxes(bytes: Uint8Array, page: number): Promise<WordBox[]> {
  const xhtml = await withScratchDir(async (dir) => {
    await writeFile(path.join(dir, 'in.pdf'), bytes);
    await runTool('pdftotext', ['-bbox-layout', '-f', String(page), '-l', String(page), 'in.pdf', 'out.html'], {
      timeoutMs: 30_000,
      cwd: dir,
    });
    return readFile(path.join(dir, 'out.html'), 'utf8');
  });
  return parseBboxLayout(xhtml);
}
