import type { CutOffOrigin, CutOffProvenance, CutValues } from '../../core/classifier-model.ts';
import type { HeldOut, LabelHeldOut } from './cross-validation.ts';
import { chooseCut, chooseItemCuts, round, type Cut, type ItemCuts } from './cut-offs.ts';
import { fitPlatt } from './calibration.ts';
import type { GroupLabels } from './fit-heads.ts';

/**
 * Positive labels a head needs among the held-out reviewer examples before its cut-offs are chosen on them rather
 * than on the corpus. A cut-off is picked by the F1 it gives; with n positives that F1 has a standard error of
 * roughly √(F1·(1−F1)/n): ±0.07 at 30 positives and F1 0.8, about the spread between neighbouring candidate
 * cut-offs on the corpus's held-out margins, so from here on the reviewers' own distribution outweighs the noise of
 * its small sample; below it (±0.13 at 10) the corpus's thousands of held-out labels, of another distribution,
 * pick better. The same bar as the reviewer weight's (MIN_REVIEWER_EXAMPLES_FOR_WEIGHT).
 */
export const MIN_REVIEWER_POSITIVES_FOR_CUTS = 30;

/** The held-out rows of the examples `keep` accepts (example indices as in HeldOut.exampleOf). */
export function heldOutSubset(oof: HeldOut, keep: (example: number) => boolean): HeldOut {
  const itemRows = oof.exampleOf.items.flatMap((e, row) => (keep(e) ? [row] : []));
  const topicRows = oof.exampleOf.topics.flatMap((e, row) => (keep(e) ? [row] : []));
  const stanceRows = oof.exampleOf.stance.flatMap((e, row) => (keep(e) ? [row] : []));
  return {
    items: rows(oof.items, itemRows),
    gate: rows(oof.gate, itemRows),
    groups: itemRows.map((r) => oof.groups[r] ?? []),
    formalities: itemRows.map((r) => oof.formalities[r] ?? false),
    // Boilerplate rows carry no example index; nothing recalibrates the boilerplate head.
    boilerplate: oof.boilerplate,
    topics: rows(oof.topics, topicRows),
    stance: {
      logits: stanceRows.map((r) => oof.stance.logits[r] ?? []),
      truth: stanceRows.map((r) => oof.stance.truth[r] ?? 0),
    },
    exampleOf: {
      items: itemRows.map((r) => oof.exampleOf.items[r] ?? -1),
      topics: topicRows.map((r) => oof.exampleOf.topics[r] ?? -1),
      stance: stanceRows.map((r) => oof.exampleOf.stance[r] ?? -1),
    },
  };
}

function rows(head: LabelHeldOut, picked: readonly number[]): LabelHeldOut {
  const out: LabelHeldOut = { margins: [], truth: [], evidence: [], perExample: head.perExample };
  for (const r of picked)
    for (let c = 0; c < head.perExample; c++) {
      const k = r * head.perExample + c;
      out.margins.push(head.margins[k] ?? 0);
      out.truth.push(head.truth[k] ?? false);
      out.evidence.push(head.evidence[k] ?? false);
    }
  return out;
}

export interface Recalibrated {
  itemCuts: ItemCuts;
  topics: Cut;
  provenance: CutOffProvenance;
}

const itemValues = (c: ItemCuts): CutValues => ({
  ...values(c.items),
  gate: c.gate.threshold,
  groupExponent: c.groupExponent,
  bestItemFloor: c.items.bestItemFloor ?? 1,
});

const values = (c: Cut): CutValues => ({
  threshold: c.threshold,
  withoutEvidence: c.thresholdWithoutEvidence,
  runnerUpShare: c.runnerUpShare,
});

/**
 * The item (with the gate, the group exponent, runner-up share and best-item floor, chosen together) and topic
 * cut-offs chosen on the held-out reviewer examples (index ≥ `from`) when a head has enough positives there, else
 * the corpus's as given. The Platt scalers and the boilerplate bar stay those of all held-out examples: a few dozen
 * reviewer labels choose where to cut, not how margins map to probabilities.
 */
export function recalibrateOnReviewers(
  oof: HeldOut,
  from: number,
  corpus: { items: ItemCuts; topics: Cut },
  groups: GroupLabels,
  min: number = MIN_REVIEWER_POSITIVES_FOR_CUTS,
): Recalibrated {
  const reviewers = heldOutSubset(oof, (e) => e >= from);
  const itemPositives = reviewers.items.truth.filter(Boolean).length;
  const topicPositives = reviewers.topics.truth.filter(Boolean).length;
  const itemsOnReviewers = itemPositives >= min;
  const topicsOnReviewers = topicPositives >= min;
  const itemCuts = itemsOnReviewers ? chooseItemCuts(oof, groups, { scoreOn: reviewers }) : corpus.items;
  const topics = topicsOnReviewers
    ? chooseCut(reviewers.topics, { platt: fitPlatt(oof.topics.margins, oof.topics.truth) }).cut
    : corpus.topics;
  return {
    itemCuts,
    topics,
    provenance: {
      minReviewerPositives: min,
      items: {
        source: itemsOnReviewers ? 'reviewer' : 'corpus',
        reviewerPositives: itemPositives,
        corpus: itemValues(corpus.items),
        chosen: itemValues(itemCuts),
      },
      topics: {
        source: topicsOnReviewers ? 'reviewer' : 'corpus',
        reviewerPositives: topicPositives,
        corpus: values(corpus.topics),
        chosen: values(topics),
      },
    },
  };
}

/**
 * One line per head for `train` and `eval`: where its cut-offs came from — thresholds with/without keyword evidence,
 * the runner-up share, for items also the gate, the best-item floor and the group exponent.
 */
export function describeCutOffs(p: CutOffProvenance | undefined): string[] {
  if (!p) return ['cut-offs: chosen on the corpus (no reviewer examples)'];
  const f = (x: number) => round(x, 3).toFixed(3);
  const cuts = (t: CutValues) =>
    `${f(t.threshold)}/${f(t.withoutEvidence)} share ${f(t.runnerUpShare)}` +
    (t.gate === undefined ? '' : ` gate ${f(t.gate)}`) +
    (t.bestItemFloor === undefined ? '' : ` floor ${f(t.bestItemFloor)}`) +
    (t.groupExponent === undefined ? '' : ` group^${t.groupExponent}`);
  const line = (name: string, o: CutOffOrigin) =>
    o.source === 'reviewer'
      ? `cut-offs ${name}: reviewers (${o.reviewerPositives} positives ≥ ${p.minReviewerPositives}): corpus ${cuts(o.corpus)} → ${cuts(o.chosen)}`
      : `cut-offs ${name}: corpus (reviewer positives ${o.reviewerPositives} < ${p.minReviewerPositives}): ${cuts(o.chosen)}`;
  return [line('items', p.items), line('topics', p.topics)];
}
