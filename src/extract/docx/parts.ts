/** OPC relationships: where the main document, its styles and its numbering live inside the package. */
import type { Document } from '@xmldom/xmldom';
import { attr, childElements } from './xml.ts';

export interface Relationship {
  type: string;
  target: string;
}

export const DEFAULT_MAIN_PART = 'word/document.xml';

/** The .rels part describing `partPath`'s relationships ("" for the package itself). */
export function relsPathFor(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

export function parseRelationships(doc: Document | null): Relationship[] {
  const root = doc?.documentElement;
  if (!root) return [];
  return childElements(root)
    .filter((el) => el.localName === 'Relationship' && attr(el, 'TargetMode') !== 'External')
    .map((el) => ({ type: attr(el, 'Type') ?? '', target: attr(el, 'Target') ?? '' }));
}

/** Resolves a relationship target against the part it belongs to ("" = package root), as a ZIP entry name. */
export function resolveTarget(sourcePart: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // A malformed escape is kept literally; the entry lookup then simply fails.
  }
  const base = decoded.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '..') base.pop();
    else if (segment !== '' && segment !== '.') base.push(segment);
  }
  return base.join('/');
}

/** The target of the first relationship whose type ends with `/kind` (transitional and strict URIs differ before it). */
export function findTarget(rels: Relationship[], sourcePart: string, kind: string): string | null {
  const rel = rels.find((r) => r.type.endsWith(`/${kind}`) && r.target !== '');
  return rel ? resolveTarget(sourcePart, rel.target) : null;
}
