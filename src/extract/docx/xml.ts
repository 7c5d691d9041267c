import { DOMParser, onErrorStopParsing, type Document, type Element } from '@xmldom/xmldom';

/** WordprocessingML namespaces: transitional (what Word writes) and strict OOXML. */
const W_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

/** Decodes an XML part; OOXML allows UTF-16, which shows as a byte-order mark. */
export function decodeXml(bytes: Uint8Array): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  return new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
}

/**
 * Parses XML strictly: a truncated or malformed part throws instead of yielding half a tree.
 * DTDs are refused outright: OOXML never has one, and entity declarations are an expansion-bomb vector.
 */
export function parseXml(source: string): Document {
  if (/<!DOCTYPE/i.test(source.slice(0, 4096))) throw new Error('XML part has a DOCTYPE');
  return new DOMParser({ onError: onErrorStopParsing }).parseFromString(source, 'text/xml');
}

export function isW(el: Element, localName: string): boolean {
  return el.localName === localName && W_NAMESPACES.has(el.namespaceURI ?? '');
}

export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) out.push(node as Element);
  }
  return out;
}

/** The first w:`localName` child, or null. */
export function wChild(el: Element | null, localName: string): Element | null {
  if (!el) return null;
  return childElements(el).find((child) => isW(child, localName)) ?? null;
}

export function wChildren(el: Element, localName: string): Element[] {
  return childElements(el).filter((child) => isW(child, localName));
}

/** An attribute by local name whatever its prefix (w:val, or val in strict files written with another prefix). */
export function attr(el: Element | null, localName: string): string | null {
  if (!el) return null;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a && (a.localName ?? a.name) === localName) return a.value;
  }
  return null;
}

/** The w:val of the first w:`localName` child. */
export function childVal(el: Element | null, localName: string): string | null {
  return attr(wChild(el, localName), 'val');
}

export function toInt(value: string | null): number | null {
  if (value === null || !/^\s*-?\d+\s*$/.test(value)) return null;
  return Number.parseInt(value, 10);
}

/** OOXML on/off properties: present means on unless w:val says false/0/off. */
export function isOn(el: Element | null): boolean {
  if (!el) return false;
  const val = attr(el, 'val');
  return val === null || !['false', '0', 'off'].includes(val);
}
