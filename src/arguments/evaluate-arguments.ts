import { groupArguments, type GroupingOptions } from './group-arguments.ts';
import { labelsOf, scoreGrouping, type GroupingScores } from './grouping-scores.ts';
import { groupByKeyword } from './keyword-baseline.ts';
import type { ArgumentPassage } from '../core/argument-types.ts';

/** A hand-labelled passage: `argument` names its gold argument within its first item, null = fits nowhere. */
export interface GoldPassage extends ArgumentPassage {
  argument: string | null;
}

export interface ItemEvaluation {
  item: string;
  passages: number;
  goldArguments: number;
  foundArguments: number;
  grouping: GroupingScores;
  baseline: GroupingScores;
}

export interface ArgumentsEvaluation {
  items: ItemEvaluation[];
  /** Over all passages of all items at once, each item's groups kept apart. */
  pooled: { grouping: GroupingScores; baseline: GroupingScores };
}

/**
 * Scores the grouping and the keyword baseline against the gold arguments, item by item (the item of a gold
 * passage is its first). All passages are grouped together, as in a consultation, so the term weights see them all.
 */
export function evaluateArguments(gold: readonly GoldPassage[], options: GroupingOptions): ArgumentsEvaluation {
  const items = [...new Set(gold.map((g) => g.subjects[0]!))];
  const grouped = new Map(groupArguments(gold, { ...options, subjects: items }).map((s) => [s.subject, s]));
  const pooledGold: string[] = [];
  const pooledFound: string[] = [];
  const pooledBase: string[] = [];
  const evaluations = items.map((item) => {
    const members = gold.filter((g) => g.subjects[0] === item);
    const ids = members.map((m) => m.id);
    const goldLabels = members.map((m) => (m.argument === null ? `single:${m.id}` : `${item}:${m.argument}`));
    const found = grouped.get(item)!;
    const foundLabels = labelsOf(ids, found).map((l) => `${item}:${l}`);
    const baseLabels = labelsOf(ids, groupByKeyword(members, item)).map((l) => `${item}:${l}`);
    pooledGold.push(...goldLabels);
    pooledFound.push(...foundLabels);
    pooledBase.push(...baseLabels);
    return {
      item,
      passages: members.length,
      goldArguments: new Set(members.flatMap((m) => (m.argument === null ? [] : [m.argument]))).size,
      foundArguments: found.arguments.length,
      grouping: scoreGrouping(goldLabels, foundLabels),
      baseline: scoreGrouping(goldLabels, baseLabels),
    };
  });
  return {
    items: evaluations,
    pooled: {
      grouping: scoreGrouping(pooledGold, pooledFound),
      baseline: scoreGrouping(pooledGold, pooledBase),
    },
  };
}
