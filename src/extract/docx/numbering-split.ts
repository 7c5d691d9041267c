/**
 * Repairs how LibreOffice saves a restarted list as Word 97-2003 (.doc): the paragraph where numbering restarts
 * gets a list of its own (a copy of the list's definition, a second LST in the .doc), the paragraphs after it stay
 * in the original list. Read back — LibreOffice itself shows it so, and so does its conversion to DOCX for us —
 * the list counts "1., 1., 2." where its author saw "1., 2., 3.". In the DOCX the copy shows as a numId used by a
 * single paragraph whose abstractNum matches, up to its start value, the abstractNum of the numId that takes over
 * in the very next paragraph.
 * Lists that are merely alike are left alone: the repair needs that single paragraph and direct adjacency.
 */
import type { LevelDef, NumberingDefs } from './numbering.ts';
import type { RawParagraph } from './walk-body.ts';

/** numId → the numId whose list it continues (the one-paragraph copy before it). */
export function findSplitRestarts(paragraphs: readonly RawParagraph[], defs: NumberingDefs): Map<string, string> {
  const uses = new Map<string, number>();
  for (const p of paragraphs) if (p.numId !== null) uses.set(p.numId, (uses.get(p.numId) ?? 0) + 1);
  const continues = new Map<string, string>();
  const seen = new Set<string>();
  paragraphs.forEach((p, i) => {
    const prev = paragraphs[i - 1];
    if (p.numId === null || seen.has(p.numId)) return;
    seen.add(p.numId);
    const copy = prev?.numId;
    // The paragraph before is the only one of its list, on the same level.
    if (!copy || copy === p.numId || uses.get(copy) !== 1 || prev?.ilvl !== p.ilvl) return;
    if (sameList(defs, copy, p.numId)) continues.set(p.numId, copy);
  });
  return continues;
}

/** Two plain numIds (no overrides) over different abstractNums that number alike, start values aside. */
function sameList(defs: NumberingDefs, a: string, b: string): boolean {
  const [numA, numB] = [defs.nums.get(a), defs.nums.get(b)];
  if (!numA || !numB || numA.abstractId === numB.abstractId) return false;
  if ([numA, numB].some((n) => n.startOverrides.size > 0 || n.levelOverrides.size > 0)) return false;
  const [absA, absB] = [defs.abstracts.get(numA.abstractId), defs.abstracts.get(numB.abstractId)];
  if (
    !absA ||
    !absB ||
    absA.numStyleLink !== null ||
    absB.numStyleLink !== null ||
    absA.levels.size !== absB.levels.size
  )
    return false;
  return [...absA.levels].every(([ilvl, level]) => numbersAlike(level, absB.levels.get(ilvl)));
}

const numbersAlike = (a: LevelDef, b: LevelDef | undefined): boolean =>
  b !== undefined &&
  a.numFmt === b.numFmt &&
  a.lvlText === b.lvlText &&
  a.restartAfter === b.restartAfter &&
  a.isLgl === b.isLgl &&
  a.pStyle === b.pStyle;
