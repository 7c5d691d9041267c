/** Paragraph styles from word/styles.xml: which are headings, and which carry list numbering. */
import type { Document, Element } from '@xmldom/xmldom';
import { attr, childVal, toInt, wChild, wChildren } from './xml.ts';

export interface StyleDef {
  type: string;
  basedOn: string | null;
  /** w:pPr/w:numPr of the style itself (numbering is inherited through basedOn). */
  numId: string | null;
  ilvl: number | null;
  /** Heading level from the style's own name or id ("heading 2", "Überschrift 2", "berschrift2"). */
  headingLevel: number | null;
}

export interface StyleSheet {
  styles: Map<string, StyleDef>;
  /** The paragraph style of paragraphs that name none. */
  defaultParagraph: string | null;
}

export const EMPTY_STYLES: StyleSheet = { styles: new Map(), defaultParagraph: null };

// Built-in names are stored in English even by a German Word; German ids lose the "Ü" ("berschrift1").
const HEADING_NAME = /^(?:heading|überschrift)\s*([1-9])$/i;
const HEADING_ID = /^(?:heading|berschrift|überschrift)([1-9])$/i;

function headingLevelOf(id: string, name: string | null): number | null {
  const match = HEADING_NAME.exec(name?.trim() ?? '') ?? HEADING_ID.exec(id);
  return match?.[1] === undefined ? null : Number(match[1]);
}

function parseStyle(style: Element, id: string): StyleDef {
  const numPr = wChild(wChild(style, 'pPr'), 'numPr');
  return {
    type: attr(style, 'type') ?? 'paragraph',
    basedOn: childVal(style, 'basedOn'),
    numId: childVal(numPr, 'numId'),
    ilvl: toInt(childVal(numPr, 'ilvl')),
    headingLevel: headingLevelOf(id, childVal(style, 'name')),
  };
}

export function parseStyles(doc: Document | null): StyleSheet {
  const root = doc?.documentElement;
  if (!root) return EMPTY_STYLES;
  const sheet: StyleSheet = { styles: new Map(), defaultParagraph: null };
  for (const style of wChildren(root, 'style')) {
    const id = attr(style, 'styleId');
    if (id === null) continue;
    const def = parseStyle(style, id);
    sheet.styles.set(id, def);
    if (def.type === 'paragraph' && ['1', 'true', 'on'].includes(attr(style, 'default') ?? ''))
      sheet.defaultParagraph ??= id;
  }
  return sheet;
}

/** The style and its basedOn ancestors, nearest first; cycles and absurd depth are cut off. */
function chain(sheet: StyleSheet, styleId: string | null): StyleDef[] {
  const out: StyleDef[] = [];
  const seen = new Set<string>();
  for (let id = styleId; id !== null && !seen.has(id) && out.length < 32;) {
    seen.add(id);
    const def = sheet.styles.get(id);
    if (!def) break;
    out.push(def);
    id = def.basedOn;
  }
  return out;
}

/** Heading level of a paragraph style, inherited so a custom style based on "heading 2" is a heading too. */
export function headingLevel(sheet: StyleSheet, styleId: string | null): number | null {
  return chain(sheet, styleId).find((def) => def.headingLevel !== null)?.headingLevel ?? null;
}

/** List numbering a paragraph style carries (its own or inherited); null when none. */
export function styleNumbering(
  sheet: StyleSheet,
  styleId: string | null,
): { numId: string; ilvl: number | null } | null {
  const def = chain(sheet, styleId).find((d) => d.numId !== null);
  return def?.numId == null ? null : { numId: def.numId, ilvl: def.ilvl };
}

/** Numbering styles (type "numbering") by id → their numId, for w:numStyleLink. */
export function numberingStyleIds(sheet: StyleSheet): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, def] of sheet.styles) if (def.type === 'numbering' && def.numId !== null) out.set(id, def.numId);
  return out;
}
