import type { Block, ExtractedDocument, Passage } from '../../core/types.ts';

/**
 * Blocks → the paragraph-level passages that get tagged. Headings are not passages but the context of the
 * passages under them; consecutive boilerplate blocks of one kind (an address, a signature) form one passage.
 */
export function buildPassages(doc: ExtractedDocument): Passage[] {
  const passages: Passage[] = [];
  let heading: string | null = null;
  let pending: Block[] = [];
  const flush = () => {
    const first = pending[0];
    const last = pending[pending.length - 1];
    if (first && last) {
      passages.push({
        seq: passages.length,
        text: pending.map((b) => b.text).join('\n'),
        page: first.page,
        start: first.start,
        end: last.end,
        boilerplate: first.boilerplate ?? null,
        heading: tableHeading && heading ? `${heading} – ${tableHeading}` : (tableHeading ?? heading),
      });
    }
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
