import type { Taxonomy } from '../../core/types.ts';
import {
  trainBinary,
  trainSoftmax,
  type BinaryWeights,
  type LogisticOptions,
  type SoftmaxWeights,
} from './logistic.ts';
import type { SparseRow } from './sparse.ts';
import type { TrainingData } from './training-data.ts';

/** The gate's one label: the passage has any item. */
export const ANY_ITEM = '*';
export const BOILERPLATE = 'boilerplate';

/** Every head's weights, as trained on some of the examples (a fold) or all of them. */
export interface Heads {
  items: BinaryWeights[];
  /** Whether a passage addresses any item at all (formalities, Fehlanzeige and greetings do not). */
  gate: BinaryWeights;
  topics: BinaryWeights[];
  stance: SoftmaxWeights;
  /** Whether a passage is a formality (greeting, letterhead, disclaimer) that extraction did not recognise. */
  boilerplate: BinaryWeights;
  /** Which group (annex) a passage's items belong to, learned from the passages whose items share one. */
  groups: SoftmaxWeights;
}

/** The taxonomy's label lists in the order every head uses. */
export interface HeadLabels {
  items: string[];
  topics: string[];
  stances: string[];
  groups: GroupLabels;
}

/** The taxonomy's groups and, per item label, the index of its group. */
export interface GroupLabels {
  labels: string[];
  ofItem: number[];
}

export function headLabels(taxonomy: Taxonomy): HeadLabels {
  const groups = taxonomy.groups.map((g) => g.id);
  return {
    items: taxonomy.items.map((i) => i.id),
    topics: taxonomy.topics.map((t) => t.id),
    stances: taxonomy.stances.map((s) => s.id),
    groups: { labels: groups, ofItem: taxonomy.items.map((i) => groups.indexOf(i.group)) },
  };
}

/** Trains every head on the examples at the `train` indices. */
export function fitHeads(
  data: TrainingData,
  train: readonly number[],
  labels: HeadLabels,
  opts: LogisticOptions,
): Heads {
  const weightsOf = (indices: readonly number[]) =>
    indices.some((i) => (data.examples[i]?.weight ?? 1) !== 1)
      ? indices.map((i) => data.examples[i]?.weight ?? 1)
      : undefined;
  const binary = (dimension: 'items' | 'topics', names: string[]) => {
    const known = train.filter((i) => data.examples[i]?.[dimension] !== undefined);
    const rows = known.map((i) => data.rows[i] as SparseRow);
    const weights = weightsOf(known);
    const has = (i: number, label: string) => {
      const labelsOf = data.examples[i]?.[dimension] ?? [];
      return label === ANY_ITEM ? labelsOf.length > 0 : labelsOf.includes(label);
    };
    return names.map((label) =>
      trainBinary(
        rows,
        known.map((i) => has(i, label)),
        data.dims,
        opts,
        weights,
      ),
    );
  };
  const withStance = train.filter((i) => labels.stances.includes(data.examples[i]?.stance ?? ''));
  const stance = trainSoftmax(
    withStance.map((i) => data.stanceRows[i] as SparseRow),
    withStance.map((i) => labels.stances.indexOf(data.examples[i]?.stance ?? '')),
    labels.stances.length,
    data.dims,
    opts,
    weightsOf(withStance),
  );
  const [gate] = binary('items', [ANY_ITEM]);
  const withFlag = train.filter((i) => data.examples[i]?.boilerplate !== undefined);
  const boilerplate = trainBinary(
    withFlag.map((i) => data.rows[i] as SparseRow),
    withFlag.map((i) => data.examples[i]?.boilerplate === true),
    data.dims,
    opts,
    weightsOf(withFlag),
  );
  const groupOf = (i: number) => singleGroup(data.examples[i]?.items, labels.items, labels.groups);
  const inOneGroup = train.filter((i) => groupOf(i) >= 0);
  const annex = trainSoftmax(
    inOneGroup.map((i) => data.rows[i] as SparseRow),
    inOneGroup.map(groupOf),
    labels.groups.labels.length,
    data.dims,
    opts,
    weightsOf(inOneGroup),
  );
  return {
    items: binary('items', labels.items),
    gate: gate as BinaryWeights,
    topics: binary('topics', labels.topics),
    stance,
    boilerplate,
    groups: annex,
  };
}

/** The index of the one group all of a passage's items belong to; -1 without items or across groups. */
function singleGroup(items: readonly string[] | undefined, itemLabels: readonly string[], groups: GroupLabels): number {
  const found = new Set((items ?? []).map((label) => groups.ofItem[itemLabels.indexOf(label)] ?? -1));
  const [only] = found;
  return found.size === 1 && only !== undefined ? only : -1;
}
