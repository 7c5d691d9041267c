import type { BoilerplateKind } from '../../core/types.ts';
import type { BlockDraft } from './assemble.ts';
import {
  blockPieces,
  CLOSING,
  FORWARD_MARKER,
  headLineKind,
  isSubjectLine,
  MAIL_HEADER_FIELD,
  QUOTE_MARKER,
  SALUTATION,
  SIGNATURE_OPENER,
  strongLineKind,
  tailLineKind,
} from './letter-lines.ts';

/**
 * The anatomy of a letter or mail (DIN 5008): which blocks are letterhead, address, information block and
 * reference line, salutation, closing, signature, footer, a forwarded message's header or a quoted original — all
 * that is not a statement. Pure; the classifier skips what is marked, the export keeps it marked.
 *
 * A document is cut into letters at forward markers (a forwarded county letter has its own head and tail). In each
 * letter the head runs to the salutation and the tail from the closing formula; between them only blocks whose
 * every line is unmistakably a letter part (bank details, "Aktenzeichen: …", a date line) are boilerplate, so no
 * sentence of a statement is lost to a guess.
 */
const SHORT = 200;
/** How far down a salutation is looked for: letterhead, address field and information block take ~20 lines. */
const HEAD_WINDOW = 30;
const SIGNATURE_SEPARATOR = /^--\s*$/;

type Kinds = (BoilerplateKind | undefined)[];

export function markBoilerplate<T extends BlockDraft>(blocks: readonly T[]): T[] {
  const kinds: Kinds = blocks.map(() => undefined);
  for (const [start, end] of letterRanges(blocks, kinds)) markLetter(blocks, kinds, start, end);
  return blocks.map((b, i) => {
    const kind = kinds[i];
    if (kind) return { ...b, boilerplate: kind };
    const { boilerplate: _dropped, ...rest } = b;
    return rest as T;
  });
}

/**
 * Marks forward headers and quoted originals and returns the ranges of letters between them: the text before
 * the first forward, and each forwarded message's text after its header block.
 */
function letterRanges(blocks: readonly BlockDraft[], kinds: Kinds): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  let i = 0;
  while (i < blocks.length) {
    const block = blocks[i];
    if (!block) break;
    const forward = isForwardStart(block, i === start);
    if (forward) {
      if (i > start) ranges.push([start, i]);
      i = markHeaderBlock(blocks, kinds, i, 'forward-header');
      start = i;
      continue;
    }
    if (isQuoteStart(block)) {
      if (i > start) ranges.push([start, i]);
      i = markQuote(blocks, kinds, i);
      start = i;
      continue;
    }
    i += 1;
  }
  if (start < blocks.length) ranges.push([start, blocks.length]);
  return ranges;
}

/** A forward marker, or a header block ("Von: … Gesendet: …") opening a document: a message passed on whole. */
function isForwardStart(block: BlockDraft, atStart: boolean): boolean {
  const first = blockPieces(block.text)[0] ?? '';
  return FORWARD_MARKER.test(first) || (atStart && isHeaderBlock(block));
}

function isQuoteStart(block: BlockDraft): boolean {
  const first = blockPieces(block.text)[0] ?? '';
  return QUOTE_MARKER.some((re) => re.test(first)) || isHeaderBlock(block);
}

/** "Von: X" with a "Gesendet:"/"Datum:"/"Sent:" field: how Outlook heads a message it quotes or forwards. */
function isHeaderBlock(block: BlockDraft): boolean {
  const pieces = blockPieces(block.text);
  const joined = pieces.join(' ');
  return /^(von|from)\s*:/i.test(joined) && /\b(gesendet|sent|datum|date)\s*:/i.test(joined);
}

/** The marker and the header fields under it; returns the index of the first block after them. */
function markHeaderBlock(blocks: readonly BlockDraft[], kinds: Kinds, at: number, kind: BoilerplateKind): number {
  kinds[at] = kind;
  let i = at + 1;
  const first = blocks[at];
  // The marker's block may already hold the fields; then the header ends with it unless more fields follow.
  while (i < blocks.length) {
    const b = blocks[i];
    if (!b) break;
    const pieces = blockPieces(b.text);
    if (pieces.length === 0 || !pieces.every((p) => MAIL_HEADER_FIELD.test(p) || p.length < 3)) break;
    kinds[i] = kind;
    i += 1;
  }
  return first ? i : at + 1;
}

/** A quoted original runs to the next forward marker or the end. */
function markQuote(blocks: readonly BlockDraft[], kinds: Kinds, at: number): number {
  let i = at;
  while (i < blocks.length) {
    const b = blocks[i];
    if (!b || (i > at && FORWARD_MARKER.test(blockPieces(b.text)[0] ?? ''))) break;
    kinds[i] = 'quote';
    i += 1;
  }
  return i;
}

function markLetter(blocks: readonly BlockDraft[], kinds: Kinds, start: number, end: number): void {
  const bodyStart = markHead(blocks, kinds, start, end);
  const tailStart = markTail(blocks, kinds, bodyStart, end);
  for (let i = bodyStart; i < tailStart; i++) {
    const b = blocks[i];
    if (!b || kinds[i]) continue;
    if (b.kind === 'quote') kinds[i] = 'quote';
    else if (b.text.length < SHORT * 1.5) kinds[i] = everyPiece(b, strongLineKind);
  }
}

/** Marks the head (everything up to the salutation) and returns where the body starts. */
function markHead(blocks: readonly BlockDraft[], kinds: Kinds, start: number, end: number): number {
  const limit = Math.min(end, start + HEAD_WINDOW);
  let salutation = -1;
  for (let i = start; i < limit; i++) {
    const b = blocks[i];
    if (b && SALUTATION.test(b.text) && b.text.length < SHORT) {
      salutation = i;
      break;
    }
    // A long paragraph before any salutation: this letter has none, its head ended earlier.
    if (b && b.text.length >= SHORT * 2) break;
  }
  if (salutation >= 0) {
    for (let i = start; i < salutation; i++) {
      const b = blocks[i];
      if (b) kinds[i] = headBlockKind(b) ?? kinds[i];
    }
    kinds[salutation] = 'salutation';
    return salutation + 1;
  }
  return markHeadWithoutSalutation(blocks, kinds, start, limit);
}

/**
 * Above a salutation, a short block is a letter part whatever its words; a long one or a reference heading
 * ("Zu Anlage 1 …") is content. The subject line is a reference however long.
 */
function headBlockKind(b: BlockDraft): BoilerplateKind | undefined {
  const first = blockPieces(b.text)[0] ?? '';
  if (isSubjectLine(first) && b.text.length < SHORT * 2) return 'reference';
  if (b.text.length >= SHORT || /^zu\b/i.test(b.text)) return undefined;
  return everyPiece(b, headLineKind) ?? firstPieceKind(b, headLineKind) ?? 'letterhead';
}

/**
 * A mail or memo without salutation: the head is the run of blocks at the top whose lines are letter parts;
 * one short fragment between two of them (the town under the street, the recipient's name) belongs to it.
 */
function markHeadWithoutSalutation(blocks: readonly BlockDraft[], kinds: Kinds, start: number, limit: number): number {
  let bodyStart = start;
  for (let i = start; i < limit; i++) {
    const b = blocks[i];
    if (!b) break;
    const kind = isSubjectLine(blockPieces(b.text)[0] ?? '') ? 'reference' : everyPiece(b, headLineKind);
    if (kind && b.text.length < SHORT * 2) {
      kinds[i] = kind;
      bodyStart = i + 1;
      continue;
    }
    const next = blocks[i + 1];
    const fragment = b.text.length < 60 && !/[.!?:;]$/.test(b.text) && b.kind !== 'heading';
    if (fragment && next && everyPiece(next, headLineKind)) {
      kinds[i] = 'letterhead';
      continue;
    }
    break;
  }
  return bodyStart;
}

/** Marks the closing formula and what follows it; returns where the tail starts (end when there is none). */
function markTail(blocks: readonly BlockDraft[], kinds: Kinds, from: number, end: number): number {
  let closing = -1;
  for (let i = from; i < end; i++) {
    const b = blocks[i];
    if (!b || kinds[i]) continue;
    const first = blockPieces(b.text)[0] ?? '';
    if (b.text.length <= SHORT * 2 && (CLOSING.test(first) || SIGNATURE_SEPARATOR.test(first))) {
      closing = i;
      break;
    }
    // "Im Auftrag" with no greeting above it: the signature starts the tail.
    if (SIGNATURE_OPENER.test(first) && b.text.length < SHORT) {
      closing = i;
      break;
    }
  }
  if (closing < 0) return end;
  const closingBlock = blocks[closing];
  kinds[closing] = closingBlock && SIGNATURE_OPENER.test(closingBlock.text) ? 'signature' : 'closing';
  // Names, titles, addresses and disclaimers follow the closing; a long paragraph after it is content (a P.S.).
  for (let i = closing + 1; i < end; i++) {
    const b = blocks[i];
    if (!b || kinds[i]) continue;
    const strong = everyPiece(b, strongLineKind);
    if (b.text.length >= SHORT && strong !== 'footer') break;
    kinds[i] = everyPiece(b, tailLineKind) ?? firstPieceKind(b, tailLineKind) ?? 'signature';
  }
  return closing;
}

/** The kind all of a block's lines share a judgement on (the first line's kind), or undefined if one is content. */
function everyPiece(b: BlockDraft, judge: (line: string) => BoilerplateKind | null): BoilerplateKind | undefined {
  const pieces = blockPieces(b.text);
  if (pieces.length === 0) return undefined;
  const kinds = pieces.map(judge);
  if (kinds.some((k) => k === null)) return undefined;
  return kinds[0] ?? undefined;
}

function firstPieceKind(b: BlockDraft, judge: (line: string) => BoilerplateKind | null): BoilerplateKind | undefined {
  for (const p of blockPieces(b.text)) {
    const k = judge(p);
    if (k) return k;
  }
  return undefined;
}
