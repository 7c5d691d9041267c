import type { HeldOut } from './cross-validation.ts';
import { heldOutItemChoices, microF1, round, type Cut, type ItemCuts } from './cut-offs.ts';
import type { GroupLabels } from './fit-heads.ts';
import { sigmoid } from './sparse.ts';
import type { TrainingMetrics } from '../../core/classifier-model.ts';

/**
 * Factors by which a reviewer's or an imported example outweighs a corpus line, tried in cross-validation. A few
 * hundred corrections in the consultation's own language are otherwise diluted among thousands of synthetic lines.
 */
export const REVIEWER_WEIGHTS = [1, 3, 10] as const;
/** Fewer reviewer examples than this and their held-out figures say nothing: they count like corpus lines. */
export const MIN_REVIEWER_EXAMPLES_FOR_WEIGHT = 30;

export interface ReviewerHeldOut {
  weight: number;
  items: number;
  topics: number;
  stance: number;
  /** The mean of the three: what the weight is chosen by. */
  score: number;
}

/**
 * How well the cross-validated model did on the held-out reviewer examples alone (examples at index ≥ `from`),
 * under the cut-offs chosen on all examples: items as the combiner tags them, topics at their thresholds, stance
 * as the most probable one.
 */
export function reviewerHeldOut(
  oof: HeldOut,
  from: number,
  cuts: { items: ItemCuts; topics: Cut },
  groups: GroupLabels,
  weight: number,
): ReviewerHeldOut {
  const perItem = oof.items.perExample;
  const itemPredicted: boolean[] = [];
  const itemTruth: boolean[] = [];
  heldOutItemChoices(oof, cuts.items, groups).forEach((chosen, row) => {
    if ((oof.exampleOf.items[row] ?? -1) < from) return;
    for (let c = 0; c < perItem; c++) {
      itemPredicted.push(chosen.includes(c));
      itemTruth.push(oof.items.truth[row * perItem + c] === true);
    }
  });
  const perTopic = oof.topics.perExample;
  const topicPredicted: boolean[] = [];
  const topicTruth: boolean[] = [];
  oof.exampleOf.topics.forEach((example, row) => {
    if (example < from) return;
    for (let c = 0; c < perTopic; c++) {
      const k = row * perTopic + c;
      const p = sigmoid(cuts.topics.platt.a * (oof.topics.margins[k] ?? 0) + cuts.topics.platt.b);
      topicPredicted.push(p >= (oof.topics.evidence[k] ? cuts.topics.threshold : cuts.topics.thresholdWithoutEvidence));
      topicTruth.push(oof.topics.truth[k] === true);
    }
  });
  let right = 0;
  let total = 0;
  oof.exampleOf.stance.forEach((example, row) => {
    if (example < from) return;
    const z = oof.stance.logits[row] ?? [];
    total++;
    if (z.indexOf(Math.max(...z)) === oof.stance.truth[row]) right++;
  });
  const items = round(microF1(itemPredicted, itemTruth), 4);
  const topics = round(microF1(topicPredicted, topicTruth), 4);
  const stance = total === 0 ? 0 : round(right / total, 4);
  return { weight, items, topics, stance, score: round((items + topics + stance) / 3, 4) };
}

/** The reviewer weight cross-validation chose, per head where they differ. */
export function describeWeights(metrics: TrainingMetrics): string {
  const w = metrics.reviewerWeights;
  if (!w || (w.topics === w.items && w.stance === w.items)) return `weight ${metrics.reviewerWeight ?? 1}`;
  return `weights: items ×${w.items}, topics ×${w.topics}, stance ×${w.stance}`;
}
