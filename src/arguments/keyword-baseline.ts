import { stemGerman } from '../classify/natural-de.ts';
import { fold } from '../classify/normalize.ts';
import { STOPWORDS } from './stopwords.ts';
import type { ArgumentPassage, SubjectArguments } from '../core/argument-types.ts';

const WORD = /\p{L}[\p{L}\p{N}]*/gu;

/**
 * The simple baseline the grouping is measured against: within a subject, every passage goes to the group of the
 * most frequent word stem (over the subject's passages) that it contains, ties by the stem; a group of one is
 * unassigned. What a reader sorting by "the keyword" would do.
 */
export function groupByKeyword(passages: readonly ArgumentPassage[], subject: string): SubjectArguments {
  const members = passages.filter((p) => p.subjects.includes(subject));
  const stems = members.map(
    (p) =>
      new Set(
        [...p.text.matchAll(WORD)]
          .map((m) => fold(m[0]))
          .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
          .map((w) => stemGerman(w)),
      ),
  );
  const frequency = new Map<string, number>();
  for (const set of stems) for (const s of set) frequency.set(s, (frequency.get(s) ?? 0) + 1);
  const groups = new Map<string, string[]>();
  const unassigned: string[] = [];
  members.forEach((p, i) => {
    const top = [...stems[i]!].sort((a, b) => frequency.get(b)! - frequency.get(a)! || a.localeCompare(b))[0];
    if (top === undefined) unassigned.push(p.id);
    else groups.set(top, [...(groups.get(top) ?? []), p.id]);
  });
  const args = [...groups].flatMap(([stem, ids]) =>
    ids.length < 2
      ? (unassigned.push(...ids), [])
      : [{ id: stem, label: stem, representative: ids[0]!, passages: ids, reviewed: false }],
  );
  return { subject, arguments: args, unassigned: unassigned.sort() };
}
