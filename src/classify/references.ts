import type { Taxonomy, TaxonomyItem } from '../core/types.ts';

/** An explicit reference to an annex item found in text, e.g. "zu Nr. 7 der Anlage 1". */
export interface ItemReference {
  itemId: string;
  /** The words that made the reference, quoted in the tag's reason. */
  quote: string;
  /** Whether the annex was named in the same sentence (strong) or taken from the context (weaker). */
  groupFrom: 'explicit' | 'context';
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 };
const MARKER = String.raw`(?:nr\.?|nrn\.?|nummer[n]?|ziff\.?|ziffer[n]?|punkt[e]?|pkt\.?|position|tz\.?|lfd\.\s*nr\.?)`;
const NUMBER_LIST = String.raw`(\d{1,2}(?!\d)(?:\s*(?:,|und|sowie|bis|u\.|-|–|\/)\s*\d{1,2}(?![\d.,]\d))*)`;
const PAIR = String.raw`(?:[ivx]{1,4}|\d{1,2})\.\s?\d{1,2}\b(?!\.\d)`;
/** "zu 1.7", "Zu II. 4.", and lists of them: "Zu 2.6 und 2.7", "Ziff. 1.2, 1.5 sowie 2.3". */
const DOTTED = new RegExp(String.raw`\b(?:zu|${MARKER})\s*(${PAIR}(?:\s*(?:,|und|sowie|u\.)\s*${PAIR})*)`, 'giu');
const DOTTED_PAIR = /([ivx]{1,4}|\d{1,2})\.\s?(\d{1,2})/giu;
const NUMBERED = new RegExp(String.raw`${MARKER}\s*${NUMBER_LIST}`, 'giu');
const BARE_HEADING = /^zu\s+(\d{1,2})\.?(?=\s|:|$)/iu;

export interface GroupMatcher {
  /** The group named in this text (the last one named), if any. */
  named(text: string): string | null;
  /** Group named within a window around a position of the text. */
  near(text: string, from: number, to: number): string | null;
}

export function groupMatcher(taxonomy: Taxonomy): GroupMatcher {
  const aliases = taxonomy.groups.flatMap((g) => g.aliases.map((a) => ({ id: g.id, re: aliasPattern(a) })));
  const find = (text: string) =>
    aliases
      .flatMap(({ id, re }) => [...text.matchAll(re)].map((m) => ({ id, at: m.index })))
      .sort((a, b) => a.at - b.at);
  return {
    named: (text) => find(text).pop()?.id ?? null,
    near(text, from, to) {
      // The annex is usually named right around the number, in the same sentence: "Nr. 7 der Anlage 1".
      const sentenceStart = Math.max(text.lastIndexOf('.', from - 2) + 1, from - 80, 0);
      const window = text.slice(sentenceStart, Math.min(text.length, to + 60));
      const hits = find(window);
      const pos = from - sentenceStart;
      return hits.sort((a, b) => Math.abs(a.at - pos) - Math.abs(b.at - pos))[0]?.id ?? null;
    },
  };
}

const aliasPattern = (alias: string): RegExp =>
  new RegExp(
    String.raw`(?<![\p{L}\p{N}])${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*')}(?![\p{N}])`,
    'giu',
  );

/** Every item a text refers to by number. `contextGroup` is the annex in force from headings or earlier text. */
export function findReferences(
  text: string,
  taxonomy: Taxonomy,
  groups: GroupMatcher,
  contextGroup: string | null,
): ItemReference[] {
  const refs: ItemReference[] = [];
  const taken: [number, number][] = [];
  for (const m of text.matchAll(DOTTED)) {
    for (const pair of (m[1] ?? '').matchAll(DOTTED_PAIR)) {
      const group = groupByNumber(taxonomy, pair[1] ?? '');
      const item = group && itemByNumber(taxonomy, group, pair[2] ?? '');
      if (!item) continue;
      refs.push({ itemId: item.id, quote: m[0].trim(), groupFrom: 'explicit' });
      taken.push([m.index, m.index + m[0].length]);
    }
  }
  for (const m of text.matchAll(NUMBERED)) {
    if (taken.some(([a, b]) => m.index < b && m.index + m[0].length > a)) continue;
    const explicit = groups.near(text, m.index, m.index + m[0].length);
    const group = explicit ?? contextGroup;
    if (!group) continue;
    for (const n of expandNumbers(m[1] ?? '')) {
      const item = itemByNumber(taxonomy, group, String(n));
      if (item) refs.push({ itemId: item.id, quote: m[0].trim(), groupFrom: explicit ? 'explicit' : 'context' });
    }
  }
  const bare = BARE_HEADING.exec(text);
  if (bare && contextGroup && refs.length === 0) {
    const item = itemByNumber(taxonomy, contextGroup, bare[1] ?? '');
    if (item) refs.push({ itemId: item.id, quote: bare[0].trim(), groupFrom: 'context' });
  }
  return dedupe(refs);
}

/** "2, 5 und 7" → [2, 5, 7]; "3 bis 5" → [3, 4, 5]. */
export function expandNumbers(list: string): number[] {
  const out: number[] = [];
  const parts = list.split(/\s*(,|und|sowie|u\.|\/|bis|-|–)\s*/);
  for (let i = 0; i < parts.length; i += 2) {
    const n = Number(parts[i]);
    const sep = parts[i - 1];
    const prev = out[out.length - 1];
    if (sep && /^(bis|-|–)$/.test(sep) && prev !== undefined && n > prev && n - prev <= 20) {
      for (let k = prev + 1; k <= n; k++) out.push(k);
    } else if (Number.isInteger(n)) out.push(n);
  }
  return out;
}

function groupByNumber(taxonomy: Taxonomy, token: string): string | null {
  const n = ROMAN[token.toLowerCase()] ?? Number(token);
  return taxonomy.groups.find((g) => g.number !== undefined && Number(g.number) === n)?.id ?? null;
}

function itemByNumber(taxonomy: Taxonomy, group: string, number: string): TaxonomyItem | undefined {
  return taxonomy.items.find((i) => i.group === group && String(i.number) === number);
}

function dedupe(refs: ItemReference[]): ItemReference[] {
  const seen = new Map<string, ItemReference>();
  for (const r of refs) {
    const prev = seen.get(r.itemId);
    if (!prev || (prev.groupFrom === 'context' && r.groupFrom === 'explicit')) seen.set(r.itemId, r);
  }
  return [...seen.values()];
}

/**
 * A numbered paragraph under a heading that names an annex ("Zu Anlage 1" → "7. Reisefähigkeit …") refers to that
 * annex's item of the same number: replies often mirror the circular's numbering without writing "Nr.".
 */
export function listedItemReference(
  text: string,
  heading: string | null,
  taxonomy: Taxonomy,
  groups: GroupMatcher,
): ItemReference | null {
  const number = /^(\d{1,2})[.)]\s/.exec(text)?.[1];
  const group = heading ? groups.named(heading) : null;
  if (!number || !group || !heading) return null;
  const item = itemByNumber(taxonomy, group, number);
  return item ? { itemId: item.id, quote: `${number}. under "${heading}"`, groupFrom: 'context' } : null;
}
