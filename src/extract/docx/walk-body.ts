/** Walks w:body in document order into paragraphs and table cells, keeping what Word would display. */
import type { Element } from '@xmldom/xmldom';
import { childElements, childVal, isOn, isW, toInt, wChild } from './xml.ts';

export interface RawParagraph {
  text: string;
  styleId: string | null;
  /** Direct w:numPr of the paragraph; style numbering is resolved later. */
  numId: string | null;
  ilvl: number | null;
}

export type BodyUnit = { kind: 'paragraph'; paragraph: RawParagraph } | { kind: 'cell'; paragraphs: RawParagraph[] };

/** Content controls and custom XML wrap real content; they are looked through, not skipped. */
const WRAPPERS = new Set(['sdt', 'sdtContent', 'customXml', 'smartTag', 'ins', 'moveTo']);

/**
 * Not displayed: properties, deleted and moved-away text, field instructions (the field's result runs
 * follow them and are kept). Everything else is descended into, so hyperlinks, fields, insertions and
 * text boxes keep their text.
 */
const SKIP = new Set([
  'pPr',
  'rPr',
  'sectPr',
  'sdtPr',
  'sdtEndPr',
  'del',
  'delText',
  'moveFrom',
  'instrText',
  'delInstrText',
  'sym',
]);

export function walkBody(body: Element): BodyUnit[] {
  const units: BodyUnit[] = [];
  walkBlocks(body, units);
  return units;
}

function walkBlocks(container: Element, units: BodyUnit[]): void {
  for (const el of childElements(container)) {
    if (isW(el, 'p')) units.push({ kind: 'paragraph', paragraph: readParagraph(el) });
    else if (isW(el, 'tbl')) walkTable(el, units);
    else if (isWrapper(el)) walkBlocks(el, units);
  }
}

function isWrapper(el: Element): boolean {
  return el.localName !== null && WRAPPERS.has(el.localName) && isW(el, el.localName);
}

/** w:`name` children, looking through wrappers (rows and cells may sit in content controls). */
function wrappedChildren(el: Element, name: string): Element[] {
  return childElements(el).flatMap((child) => {
    if (isW(child, name)) return [child];
    return isWrapper(child) ? wrappedChildren(child, name) : [];
  });
}

/** One unit per cell in row order; nested tables are flattened into their cell's paragraphs. */
function walkTable(tbl: Element, units: BodyUnit[]): void {
  for (const row of wrappedChildren(tbl, 'tr')) {
    for (const cell of wrappedChildren(row, 'tc')) {
      const inner: BodyUnit[] = [];
      walkBlocks(cell, inner);
      units.push({
        kind: 'cell',
        paragraphs: inner.flatMap((u) => (u.kind === 'cell' ? u.paragraphs : [u.paragraph])),
      });
    }
  }
}

function readParagraph(p: Element): RawParagraph {
  const pPr = wChild(p, 'pPr');
  const numPr = wChild(pPr, 'numPr');
  const parts: string[] = [];
  collectText(p, parts);
  return {
    text: parts.join('').replace(/\r/g, '').trim(),
    styleId: childVal(pPr, 'pStyle'),
    numId: childVal(numPr, 'numId'),
    ilvl: toInt(childVal(numPr, 'ilvl')),
  };
}

function collectText(el: Element, out: string[]): void {
  for (const child of childElements(el)) {
    // mc:Fallback repeats what mc:Choice holds, for older readers.
    if (child.localName === 'Fallback') continue;
    if (!isW(child, child.localName ?? '')) collectText(child, out);
    else collectW(child, child.localName ?? '', out);
  }
}

function collectW(el: Element, name: string, out: string[]): void {
  if (SKIP.has(name)) return;
  if (name === 't') out.push(el.textContent ?? '');
  else if (name === 'tab' || name === 'ptab') out.push('\t');
  else if (name === 'br' || name === 'cr') out.push('\n');
  else if (name === 'noBreakHyphen') out.push('-');
  else if (name === 'p') {
    // A text box's paragraph inside this one: keep it as a line of its own.
    out.push('\n');
    collectText(el, out);
  } else if (name !== 'r' || !isOn(wChild(wChild(el, 'rPr'), 'vanish'))) collectText(el, out);
}
