/** Turns walked paragraphs and cells into blocks, with Word's list labels put back in front of the text. */
import type { BlockKind } from '../../core/types.ts';
import type { ListLabel, ListNumberer } from './numbering.ts';
import { headingLevel, styleNumbering, type StyleSheet } from './styles.ts';
import type { BodyUnit, RawParagraph } from './walk-body.ts';

/** A block before offsets are assigned. */
export interface DraftBlock {
  kind: BlockKind;
  text: string;
  number?: string;
  level?: number;
}

interface Context {
  sheet: StyleSheet;
  numberer: ListNumberer;
}

export function buildBlocks(units: BodyUnit[], sheet: StyleSheet, numberer: ListNumberer): DraftBlock[] {
  const ctx: Context = { sheet, numberer };
  const out: DraftBlock[] = [];
  for (const unit of units) {
    const block = unit.kind === 'paragraph' ? paragraphBlock(unit.paragraph, ctx) : cellBlock(unit.paragraphs, ctx);
    if (block) out.push(block);
  }
  return out;
}

/**
 * Direct w:numPr wins over the style's; a style-numbered paragraph without an ilvl takes the level
 * linked to its style (numbered headings). Called for every paragraph, even empty ones, because Word
 * counts empty numbered paragraphs too.
 */
function listLabel(p: RawParagraph, ctx: Context): ListLabel | null {
  const styleId = p.styleId ?? ctx.sheet.defaultParagraph;
  const fromStyle = styleNumbering(ctx.sheet, styleId);
  const numId = p.numId ?? fromStyle?.numId ?? null;
  if (numId === null) return null;
  const linked = styleId === null ? null : ctx.numberer.levelForStyle(numId, styleId);
  return ctx.numberer.next(numId, p.ilvl ?? fromStyle?.ilvl ?? linked ?? 0);
}

/** The classifier reads references like "Nr. 7" from the text, so the label is part of it. */
const prefixed = (label: ListLabel | null, text: string): string =>
  label?.number === undefined ? text : `${label.number} ${text}`;

const withNumber = (label: ListLabel | null): { number?: string } =>
  label?.number === undefined ? {} : { number: label.number };

function paragraphBlock(p: RawParagraph, ctx: Context): DraftBlock | null {
  const label = listLabel(p, ctx);
  if (p.text === '') return null;
  const text = prefixed(label, p.text);
  const heading = headingLevel(ctx.sheet, p.styleId ?? ctx.sheet.defaultParagraph);
  if (heading !== null) return { kind: 'heading', text, level: heading, ...withNumber(label) };
  if (label) return { kind: 'list_item', text, level: label.level, ...withNumber(label) };
  return { kind: 'paragraph', text };
}

/** A cell is one block: its paragraphs (numbered ones labelled) one per line. */
function cellBlock(paragraphs: RawParagraph[], ctx: Context): DraftBlock | null {
  const lines: string[] = [];
  for (const p of paragraphs) {
    const label = listLabel(p, ctx);
    if (p.text !== '') lines.push(prefixed(label, p.text));
  }
  return lines.length === 0 ? null : { kind: 'table_cell', text: lines.join('\n') };
}
