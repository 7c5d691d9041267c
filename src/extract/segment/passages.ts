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
        heading,
      });
    }
    pending = [];
  };
  for (const block of doc.blocks) {
    if (block.kind === 'heading' && !block.boilerplate) {
      flush();
      heading = block.text;
      continue;
    }
    const prev = pending[pending.length - 1];
    const joins = prev && prev.page === block.page && (sameBoilerplate(prev, block) || shortCells(prev, block));
    if (!joins) flush();
    pending.push(block);
  }
  flush();
  return passages.length > 0 ? passages : headingsAsPassages(doc.blocks);
}

const SHORT_CELL = 40;
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
