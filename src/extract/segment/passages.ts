import type { Block, ExtractedDocument, Passage } from '../../core/types.ts';

/**
 * Blocks → the paragraph-level passages that get tagged. Headings are not passages but the context of the
 * passages under them; consecutive boilerplate blocks of one kind (an address, a signature) form one passage.
 */
export function buildPassages(doc: ExtractedDocument): Passage[] {
  const passages: Passage[] = [];
  let heading: string | null = null;
  let pending: Block[] = [];
  const push = (blocks: readonly Block[]) => {
    const first = blocks[0];
    const last = blocks[blocks.length - 1];
    if (!first || !last) return;
    const text = blocks.map((b) => b.text).join('\n');
    // A passage is what a reviewer reads and the classifier tags as one statement: a 1.2 MB one-paragraph mail body
    // was one passage (docs/reliability.md, class 9). Joined blocks go back to one passage each, and a single long
    // block is split at sentence boundaries, each piece keeping its offsets into the document.
    if (text.length > MAX_PASSAGE_CHARS && blocks.length > 1) return blocks.forEach((b) => push([b]));
    const pieces = text.length > MAX_PASSAGE_CHARS ? splitAtSentences(text, MAX_PASSAGE_CHARS) : [{ at: 0, text }];
    for (const piece of pieces)
      passages.push({
        seq: passages.length,
        text: piece.text,
        page: first.page,
        start: pieces.length > 1 ? first.start + piece.at : first.start,
        end: pieces.length > 1 ? first.start + piece.at + piece.text.length : last.end,
        boilerplate: first.boilerplate ?? null,
        heading: tableHeading && heading ? `${heading} – ${tableHeading}` : (tableHeading ?? heading),
      });
  };
  const flush = () => {
    push(pending);
    pending = [];
  };
  let tableHeading: string | null = null;
  doc.blocks.forEach((block, i) => {
    if (block.kind === 'heading' && !block.boilerplate) {
      flush();
      heading = block.text;
      return;
    }
    // A table answering item by item: the row's number is the reference of the cell right of it, not a passage.
    if (block.kind === 'table_cell' && !block.boilerplate) {
      if (isColumnLabel(block.text)) return;
      const next = doc.blocks[i + 1];
      if (isRowLabel(block.text) && next?.kind === 'table_cell' && next.text.length >= SHORT_CELL) {
        flush();
        tableHeading = /^\d/.test(block.text) ? `Nr. ${block.text}` : block.text;
        return;
      }
    }
    const prev = pending[pending.length - 1];
    const joins = prev && prev.page === block.page && (sameBoilerplate(prev, block) || shortCells(prev, block));
    if (!joins) flush();
    if (block.kind !== 'table_cell') tableHeading = null;
    pending.push(block);
  });
  flush();
  return passages.length > 0 ? passages : headingsAsPassages(doc.blocks);
}

/** Longest passage in characters: a long paragraph of a letter, well inside what a reviewer reads as one statement. */
export const MAX_PASSAGE_CHARS = 2_000;

const SENTENCES = new Intl.Segmenter('de', { granularity: 'sentence' });
/**
 * ICU ends a sentence after "z. B." or "am 17. September" where a capital or a word follows; administrative German
 * is full of these, so a boundary after a single letter, a number or a common abbreviation is not one.
 */
const NOT_AN_END =
  /(?:^|[\s(])(?:\p{L}|\d{1,4}|nr|abs|art|ziff|vgl|bzw|ggf|usw|ca|dr|hr|fr|str|lfd|az|gem|i\.\s?v|u\.\s?a|d\.\s?h|s|sog|evtl|inkl|zzgl|bspw)\.\s*$/iu;

/**
 * Pieces of at most `max` characters, cut after whole sentences (ICU's German sentence rules, less the false ends
 * above), each with its offset in `text`; where no sentence ends in the first half of a piece, it is cut at the last
 * space. ICU sees one window of `max` characters at a time: iterating its segments over a whole 1.2 MB string took
 * minutes. Whitespace between pieces belongs to none, so every piece is exactly `text.slice(at, at + length)`.
 */
export function splitAtSentences(text: string, max: number): { at: number; text: string }[] {
  const pieces: { at: number; text: string }[] = [];
  const emit = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const piece = raw.trim();
    if (piece) pieces.push({ at: from + raw.length - raw.trimStart().length, text: piece });
  };
  let start = 0;
  while (text.length - start > max) {
    const window = text.slice(start, start + max);
    let cut = lastSentenceEnd(window);
    if (cut < max / 2) {
      const space = window.lastIndexOf(' ');
      cut = space > max / 2 ? space : max;
    }
    emit(start, start + cut);
    start += cut;
  }
  emit(start, text.length);
  return pieces;
}

/** Offset just after the last sentence that ends inside `window` (not at its very end), or 0. */
function lastSentenceEnd(window: string): number {
  let last = 0;
  for (const { index, segment } of SENTENCES.segment(window)) {
    const stop = index + segment.length;
    if (stop < window.length && !NOT_AN_END.test(segment)) last = stop;
  }
  return last;
}

const SHORT_CELL = 40;
/** A row label: "1.4", "Nr. 7", "2 a)", "Anlage 1 Nr. 3" — a number, maybe with a short word before it. */
const isRowLabel = (text: string): boolean =>
  /^((zu\s+)?(anlage|anl\.)\s*\d+\s*)?((nr\.|ziffer|ziff\.|punkt)\s*)?[\dIVX]{1,3}(\.\d{1,3}){0,2}\.?(\s?[a-z]\))?$/i.test(
    text.trim(),
  );
/** A header row's column label: "Nr.", "Stellungnahme", "Bemerkung" — context, never a statement. */
const isColumnLabel = (text: string): boolean =>
  /^(lfd\.?\s*)?(nr\.?|nummer|ziffer|punkt|thema|maßnahme|stellungnahme|bemerkung(en)?|anmerkung(en)?|hinweis(e)?|position|votum|bewertung)$/i.test(
    text.trim(),
  );
const sameBoilerplate = (a: Block, b: Block): boolean => Boolean(b.boilerplate) && a.boilerplate === b.boilerplate;
/** A table of figures ("Abschiebungen | 87") is one passage; cells holding statements stay passages of their own. */
const shortCells = (a: Block, b: Block): boolean =>
  a.kind === 'table_cell' &&
  b.kind === 'table_cell' &&
  a.text.length < SHORT_CELL &&
  b.text.length < SHORT_CELL &&
  !a.boilerplate &&
  !b.boilerplate;

/** A document of headings only (e.g. a one-line "Fehlanzeige:") still yields passages. */
function headingsAsPassages(blocks: readonly Block[]): Passage[] {
  return blocks.map((b, seq) => ({
    seq,
    text: b.text,
    page: b.page,
    start: b.start,
    end: b.end,
    boilerplate: b.boilerplate ?? null,
    heading: null,
  }));
}
