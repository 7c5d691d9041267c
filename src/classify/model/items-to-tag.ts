import type { MultiLabelHead } from '../../core/classifier-model.ts';

/** At most this many items come from the model for one passage. */
export const MAX_MODEL_ITEMS = 4;

/**
 * Which items (indices into probs) a passage gets from the model: those over their cut-off that come close enough
 * to the best one (most passages address one item), at most MAX_MODEL_ITEMS, best first; when none qualifies, the
 * best item alone if it reaches the head's bestItemFloor (the gate, applied before, said there is an item). The
 * combiner and the cut-off search in training share this rule, so training chooses cut-offs for what runs.
 */
export function itemsToTag(
  probs: readonly number[],
  cutOff: (c: number) => number,
  head: Pick<MultiLabelHead, 'runnerUpShare' | 'bestItemFloor'>,
): number[] {
  let top = 0;
  let topAt = -1;
  probs.forEach((p, c) => {
    if (p > top) [top, topAt] = [p, c];
  });
  const chosen = probs
    .map((p, c) => [p, c] as const)
    .filter(([p, c]) => p >= cutOff(c) && p >= head.runnerUpShare * top)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, MAX_MODEL_ITEMS)
    .map(([, c]) => c);
  if (chosen.length === 0 && topAt >= 0 && top >= (head.bestItemFloor ?? 1)) return [topAt];
  return chosen;
}
