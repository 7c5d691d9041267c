/**
 * Word automatic numbering, recovered from word/numbering.xml. Mammoth and plain-text extraction drop
 * these labels, yet replies cite them ("zu Nr. 7"), so they are recomputed here as Word displays them.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { formatNumber } from './number-format.ts';
import { attr, childVal, isOn, toInt, wChild, wChildren } from './xml.ts';

export interface LevelDef {
  /** Word's default when w:start is absent is 0, as the spec says. */
  start: number;
  numFmt: string;
  lvlText: string;
  /** w:lvlRestart: 1-based level whose use restarts this one (0 = never); null = any shallower level. */
  restartAfter: number | null;
  /** w:isLgl: every level shown in decimal ("1.1" under a roman top level). */
  isLgl: boolean;
  /** A paragraph style linked to this level (numbered headings). */
  pStyle: string | null;
}

export interface NumDef {
  abstractId: string;
  startOverrides: Map<number, number>;
  levelOverrides: Map<number, LevelDef>;
}

export interface AbstractNumDef {
  levels: Map<number, LevelDef>;
  /** w:numStyleLink: the levels live in the abstractNum of the numbering style of this name. */
  numStyleLink: string | null;
}

export interface NumberingDefs {
  abstracts: Map<string, AbstractNumDef>;
  nums: Map<string, NumDef>;
}

export const EMPTY_NUMBERING: NumberingDefs = { abstracts: new Map(), nums: new Map() };

export function parseLevel(lvl: Element): LevelDef {
  return {
    start: toInt(childVal(lvl, 'start')) ?? 0,
    numFmt: childVal(lvl, 'numFmt') ?? 'decimal',
    lvlText: childVal(lvl, 'lvlText') ?? '',
    restartAfter: toInt(childVal(lvl, 'lvlRestart')),
    isLgl: isOn(wChild(lvl, 'isLgl')),
    pStyle: childVal(lvl, 'pStyle'),
  };
}

function parseLevels(parent: Element): Map<number, LevelDef> {
  const levels = new Map<number, LevelDef>();
  for (const lvl of wChildren(parent, 'lvl')) {
    const ilvl = toInt(attr(lvl, 'ilvl'));
    if (ilvl !== null) levels.set(ilvl, parseLevel(lvl));
  }
  return levels;
}

function parseNum(num: Element): NumDef | null {
  const abstractId = childVal(num, 'abstractNumId');
  if (abstractId === null) return null;
  const def: NumDef = { abstractId, startOverrides: new Map(), levelOverrides: new Map() };
  for (const override of wChildren(num, 'lvlOverride')) {
    const ilvl = toInt(attr(override, 'ilvl'));
    if (ilvl === null) continue;
    const start = toInt(childVal(override, 'startOverride'));
    if (start !== null) def.startOverrides.set(ilvl, start);
    const lvl = wChild(override, 'lvl');
    if (lvl) def.levelOverrides.set(ilvl, parseLevel(lvl));
  }
  return def;
}

/** Reads w:numbering (null when the document has no numbering part). */
export function parseNumbering(doc: Document | null): NumberingDefs {
  const root = doc?.documentElement;
  if (!root) return EMPTY_NUMBERING;
  const defs: NumberingDefs = { abstracts: new Map(), nums: new Map() };
  for (const abs of wChildren(root, 'abstractNum')) {
    const id = attr(abs, 'abstractNumId');
    if (id !== null) defs.abstracts.set(id, { levels: parseLevels(abs), numStyleLink: childVal(abs, 'numStyleLink') });
  }
  for (const num of wChildren(root, 'num')) {
    const id = attr(num, 'numId');
    const def = parseNum(num);
    if (id !== null && def) defs.nums.set(id, def);
  }
  return defs;
}

/** What a numbered paragraph shows: the label (undefined for bullets and empty labels) and its level. */
export interface ListLabel {
  number: string | undefined;
  level: number;
}

export interface ListNumberer {
  /** Advances the counters for a paragraph with this w:numId / w:ilvl; null when it is not in a list. */
  next(numId: string, ilvl: number): ListLabel | null;
  /** The level whose w:pStyle links it to a paragraph style (style-numbered headings), if any. */
  levelForStyle(numId: string, styleId: string): number | null;
}

interface ResolvedNum {
  num: NumDef;
  abstractId: string;
  abs: AbstractNumDef;
}

const MAX_LEVEL = 8;

/**
 * Counts in document order. Counters live per abstractNum, so numIds sharing one continue each other,
 * except a numId with a startOverride, which starts a list instance of its own; a plain numId that follows it
 * continues that instance (LibreOffice writes a restarted list as "first item: override num, rest: plain num").
 * `styleNumIds` maps numbering styles to their numId, to follow w:numStyleLink; `continues` maps a numId to the
 * numId whose list it carries on although Word would count it apart (see numbering-split.ts).
 */
export function createListNumberer(
  defs: NumberingDefs,
  styleNumIds: ReadonlyMap<string, string> = new Map(),
  continues: ReadonlyMap<string, string> = new Map(),
): ListNumberer {
  const lists = new Map<string, (number | undefined)[]>();
  const latestInstance = new Map<string, string>();
  const bound = new Map<string, string>();
  /** A plain numId used for the first time while its abstract list has no plain counter joins the latest instance. */
  const listKey = (numId: string, found: ResolvedNum): string => {
    if (found.num.startOverrides.size > 0) return `num:${numId}`;
    const shared = `abs:${found.abstractId}`;
    return bound.get(numId) ?? (lists.has(shared) ? shared : (latestInstance.get(found.abstractId) ?? shared));
  };
  const resolve = (numId: string): ResolvedNum | null => resolveNum(defs, numId, styleNumIds);
  return {
    next(numId, ilvl) {
      const found = resolve(numId);
      if (!found) return null;
      const level = Math.min(Math.max(ilvl, 0), MAX_LEVEL);
      const continued = continues.get(numId);
      const key = (continued === undefined ? undefined : bound.get(continued)) ?? listKey(numId, found);
      bound.set(numId, key);
      if (found.num.startOverrides.size > 0) latestInstance.set(found.abstractId, key);
      const counts = lists.get(key) ?? [];
      lists.set(key, counts);
      advance(counts, level, found);
      return { number: render(counts, level, found), level };
    },
    levelForStyle(numId, styleId) {
      const found = resolve(numId);
      if (!found) return null;
      for (let i = 0; i <= MAX_LEVEL; i++) if (levelDef(found, i)?.pStyle === styleId) return i;
      return null;
    },
  };
}

function resolveNum(defs: NumberingDefs, numId: string, styleNumIds: ReadonlyMap<string, string>): ResolvedNum | null {
  const num = defs.nums.get(numId);
  if (!num) return null; // numId 0 (and dangling ids) mean "no numbering"
  let abstractId = num.abstractId;
  // A few hops at most: a numStyleLink points at a style whose num holds the real levels; cycles end here.
  for (let hop = 0; hop < 4; hop++) {
    const abs = defs.abstracts.get(abstractId);
    if (!abs) return null;
    const linkedNum = abs.numStyleLink === null ? undefined : defs.nums.get(styleNumIds.get(abs.numStyleLink) ?? '');
    if (!linkedNum || linkedNum.abstractId === abstractId) return { num, abstractId, abs };
    abstractId = linkedNum.abstractId;
  }
  return null;
}

function levelDef(found: ResolvedNum, ilvl: number): LevelDef | undefined {
  return found.num.levelOverrides.get(ilvl) ?? found.abs.levels.get(ilvl);
}

function startOf(found: ResolvedNum, ilvl: number): number {
  return found.num.startOverrides.get(ilvl) ?? levelDef(found, ilvl)?.start ?? 0;
}

/** Steps this level and restarts deeper ones (unless their w:lvlRestart says otherwise). */
function advance(counts: (number | undefined)[], level: number, found: ResolvedNum): void {
  const current = counts[level];
  counts[level] = current === undefined ? startOf(found, level) : current + 1;
  for (let deeper = level + 1; deeper <= MAX_LEVEL; deeper++) {
    const restartAfter = levelDef(found, deeper)?.restartAfter ?? deeper;
    if (level < restartAfter) counts[deeper] = undefined;
  }
}

/** Fills w:lvlText ("%1.%2") from the counters; a level not yet used shows its start value. */
function render(counts: (number | undefined)[], level: number, found: ResolvedNum): string | undefined {
  const current = levelDef(found, level);
  if (!current || current.numFmt === 'bullet') return undefined;
  const label = current.lvlText
    .replace(/%([1-9])/g, (_match, digit: string) => {
      const i = Number(digit) - 1;
      const format = current.isLgl ? 'decimal' : (levelDef(found, i)?.numFmt ?? 'decimal');
      return formatNumber(counts[i] ?? startOf(found, i), format);
    })
    .trim();
  return label === '' ? undefined : label;
}
