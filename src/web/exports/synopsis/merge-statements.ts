import { groupNearDuplicates } from '../../../similarity/near-duplicates.ts';
import type { PassageRow } from '../passage-rows.ts';

/** One statement of the synopsis: near-identical passages from several counties printed once with all their names. */
export interface Statement {
  /** The text printed: the first passage's, in reading order. */
  text: string;
  passages: PassageRow[];
  /** Distinct respondents, in the order they appear. */
  respondents: string[];
  /** True only when every merged passage was reviewed. */
  reviewed: boolean;
}

/** Groups of indices into `texts` whose texts say the same; every index in exactly one group, groups in input order. */
export type GroupTexts = (texts: readonly string[]) => number[][];

/** The passages of one stance as statements, near-duplicates merged by `group`. */
export function mergeStatements(rows: readonly PassageRow[], group: GroupTexts): Statement[] {
  return group(rows.map((r) => r.text)).flatMap((indices) => {
    const passages = indices.map((i) => rows[i]).filter((r): r is PassageRow => r !== undefined);
    const first = passages[0];
    if (!first) return [];
    return [
      {
        text: first.text,
        passages,
        respondents: [...new Set(passages.map((p) => p.respondent))],
        reviewed: passages.every((p) => p.reviewed),
      },
    ];
  });
}

/**
 * Near-duplicates as in src/similarity (word 3-shingles, figures folded, Jaccard ≥ 0.7): the model statement of a
 * Land association sent on by several counties with their own name and figures in it becomes one statement.
 */
export const groupByNearDuplicates: GroupTexts = (texts) => {
  const groups = groupNearDuplicates(texts.map((text, i) => ({ id: String(i), text })));
  const groupOf = new Map<number, number[]>();
  for (const g of groups) {
    const members = g.map(Number);
    for (const m of members) groupOf.set(m, members);
  }
  const out: number[][] = [];
  texts.forEach((_, i) => {
    const members = groupOf.get(i);
    if (!members) out.push([i]);
    else if (members[0] === i) out.push(members);
  });
  return out;
};

/** No merging: every passage a statement of its own. */
export const eachOnItsOwn: GroupTexts = (texts) => texts.map((_, i) => [i]);
