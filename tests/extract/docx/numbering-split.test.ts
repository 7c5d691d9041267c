import { describe, expect, it } from 'vitest';
import { createListNumberer, parseNumbering } from '../../../src/extract/docx/numbering.ts';
import { findSplitRestarts } from '../../../src/extract/docx/numbering-split.ts';
import type { RawParagraph } from '../../../src/extract/docx/walk-body.ts';
import { parseXml } from '../../../src/extract/docx/xml.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A one-level decimal list definition ("1.", "2." …) as LibreOffice writes it, once per abstractNum id. */
const decimalList = (id: number, numFmt = 'decimal', start = 1): string =>
  `<w:abstractNum w:abstractNumId="${id}"><w:lvl w:ilvl="0"><w:start w:val="${start}"/><w:numFmt w:val="${numFmt}"/>` +
  `<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="${id}"><w:abstractNumId w:val="${id}"/></w:num>`;

const defsOf = (...parts: string[]) =>
  parseNumbering(
    parseXml(`<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="${W}">${parts.join('')}</w:numbering>`),
  );

/** Paragraphs by numId (null: a paragraph outside any list), all at level 0. */
const paras = (...numIds: (string | null)[]): RawParagraph[] =>
  numIds.map((numId, i) => ({ text: `p${i}`, styleId: null, numId, ilvl: numId === null ? null : 0 }));

/** The labels Word's numbering plus the repair give these paragraphs, in document order. */
function labels(defs: ReturnType<typeof defsOf>, paragraphs: RawParagraph[]): (string | undefined)[] {
  const numberer = createListNumberer(defs, new Map(), findSplitRestarts(paragraphs, defs));
  return paragraphs.filter((p) => p.numId !== null).map((p) => numberer.next(p.numId ?? '', p.ilvl ?? 0)?.number);
}

describe('findSplitRestarts (a restarted list as LibreOffice saves it in a .doc)', () => {
  it('joins the one-paragraph copy and the identical list right after it into one list', () => {
    const defs = defsOf(decimalList(3), decimalList(2));
    const p = paras(null, '3', '2', '2', null);
    expect(findSplitRestarts(p, defs)).toEqual(new Map([['2', '3']]));
    expect(labels(defs, p)).toEqual(['1.', '2.', '3.']);
  });

  it('continues from the start value of the copy, where the list restarted at another number', () => {
    const defs = defsOf(decimalList(3, 'decimal', 5), decimalList(2));
    expect(labels(defs, paras('3', '2', '2'))).toEqual(['5.', '6.', '7.']);
  });

  it('leaves alike lists apart when a paragraph stands between them', () => {
    const defs = defsOf(decimalList(3), decimalList(2));
    expect(labels(defs, paras('3', null, '2', '2'))).toEqual(['1.', '1.', '2.']);
  });

  it('leaves a list of several items and a new alike list after it apart', () => {
    const defs = defsOf(decimalList(3), decimalList(2));
    expect(labels(defs, paras('3', '3', '2', '2'))).toEqual(['1.', '2.', '1.', '2.']);
  });

  it('leaves lists that number differently apart', () => {
    const defs = defsOf(decimalList(3, 'lowerLetter'), decimalList(2));
    expect(labels(defs, paras('3', '2', '2'))).toEqual(['a.', '1.', '2.']);
  });
});
