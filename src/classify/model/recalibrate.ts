import type { CutOffOrigin, CutOffProvenance, CutValues } from '../../core/classifier-model.ts';
import type { HeldOut, LabelHeldOut } from './cross-validation.ts';
import { chooseCut, chooseItemCuts, heldOutItemChoices, microF1, round, type Cut, type ItemCuts } from './cut-offs.ts';
import { fitPlatt } from './calibration.ts';
import type { GroupLabels } from './fit-heads.ts';
import { sigmoid } from './sparse.ts';

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
 * cut-offs chosen on the held-out reviewer examples (index ≥ `from`) where a head has enough positives there and
 * cut-offs so chosen carry over both ways (carriesOver), else the corpus's as given. The Platt scalers and the boilerplate
 * bar stay those of all held-out examples: a few dozen reviewer labels choose where to cut, not how margins map to
 * probabilities.
 */
export function recalibrateOnReviewers(
  oof: HeldOut,
  from: number,
  corpus: { items: ItemCuts; topics: Cut },
  groups: GroupLabels,
  min: number = MIN_REVIEWER_POSITIVES_FOR_CUTS,
): Recalibrated {
  return combine(
    min,
    recalibrateItems(oof, from, corpus.items, groups, min),
    recalibrateTopics(oof, from, corpus.topics, min),
  );
}

/** The two heads' recalibrations, each possibly on the cross-validation of another reviewer weight, as one. */
export const combine = (
  min: number,
  items: { cuts: ItemCuts; origin: CutOffOrigin },
  topics: { cuts: Cut; origin: CutOffOrigin },
): Recalibrated => ({
  itemCuts: items.cuts,
  topics: topics.cuts,
  provenance: { minReviewerPositives: min, items: items.origin, topics: topics.origin },
});

/** The item cut-offs of recalibrateOnReviewers, with where they came from. */
export const recalibrateItems = (
  oof: HeldOut,
  from: number,
  corpus: ItemCuts,
  groups: GroupLabels,
  min: number = MIN_REVIEWER_POSITIVES_FOR_CUTS,
): { cuts: ItemCuts; origin: CutOffOrigin } =>
  recalibrateHead(oof, from, corpus, min, {
    positives: (rows) => rows.items.truth.filter(Boolean).length,
    choose: (rows) => chooseItemCuts(oof, groups, { scoreOn: rows }),
    score: (rows, cuts) => itemsF1(rows, cuts, groups),
    values: itemValues,
  });

/** The topic cut-off of recalibrateOnReviewers, with where it came from. */
export const recalibrateTopics = (
  oof: HeldOut,
  from: number,
  corpus: Cut,
  min: number = MIN_REVIEWER_POSITIVES_FOR_CUTS,
): { cuts: Cut; origin: CutOffOrigin } =>
  recalibrateHead(oof, from, corpus, min, {
    positives: (rows) => rows.topics.truth.filter(Boolean).length,
    choose: (rows) => chooseCut(rows.topics, { platt: fitPlatt(oof.topics.margins, oof.topics.truth) }).cut,
    score: topicsF1,
    values,
  });

/** How one head's cut-offs are counted, chosen, scored and recorded. */
interface HeadCuts<C> {
  positives: (rows: HeldOut) => number;
  choose: (rows: HeldOut) => C;
  score: (rows: HeldOut, cuts: C) => number;
  values: (cuts: C) => CutValues;
}

/** A head's cut-offs chosen on the reviewer examples when it has `min` positives there and they carry over. */
function recalibrateHead<C>(
  oof: HeldOut,
  from: number,
  corpus: C,
  min: number,
  head: HeadCuts<C>,
): { cuts: C; origin: CutOffOrigin } {
  const reviewers = heldOutSubset(oof, (e) => e >= from);
  const positives = head.positives(reviewers);
  const gain = positives >= min ? splitHalfGain(oof, from, head.choose, corpus, head.score) : undefined;
  const cuts = gain !== undefined && carriesOver(gain) ? head.choose(reviewers) : corpus;
  return { cuts, origin: origin(cuts !== corpus, positives, gain, head.values(corpus), head.values(cuts)) };
}

const origin = (
  onReviewers: boolean,
  positives: number,
  gain: SplitHalfGains | undefined,
  corpus: CutValues,
  chosen: CutValues,
): CutOffOrigin => ({
  source: onReviewers ? 'reviewer' : 'corpus',
  reviewerPositives: positives,
  ...(gain === undefined ? {} : { splitHalfGains: [round(gain[0], 4), round(gain[1], 4)] as SplitHalfGains }),
  corpus,
  chosen,
});

/** Items micro-F1 of the combiner under these cut-offs on the given held-out rows. */
function itemsF1(rows: HeldOut, cuts: ItemCuts, groups: GroupLabels): number {
  const predicted: boolean[] = [];
  const per = rows.items.perExample;
  heldOutItemChoices(rows, cuts, groups).forEach((chosen, row) => {
    for (let c = 0; c < per; c++) predicted.push(chosen.includes(c));
  });
  return microF1(predicted, rows.items.truth);
}

/** Topics micro-F1 under this cut-off on the given held-out rows. */
function topicsF1(rows: HeldOut, cut: Cut): number {
  const predicted = rows.topics.margins.map((m, k) => {
    const p = sigmoid(cut.platt.a * m + cut.platt.b);
    return p >= (rows.topics.evidence[k] ? cut.threshold : cut.thresholdWithoutEvidence);
  });
  return microF1(predicted, rows.topics.truth);
}

/** F1 gained by cut-offs chosen on one half of the reviewer examples, on the other half: even → odd, odd → even. */
export type SplitHalfGains = [number, number];

/**
 * Reviewer cut-offs are used only when those chosen on either half beat the corpus's on the other half: a positive
 * sum is not enough, since one half's gain within noise can outweigh the other's loss. In the import experiment
 * (issue 17, `npm run eval:import`, 593 register passages) the two recalibrations with a summed gain of +0.002 and
 * +0.003 each lost on the slices that trained nothing (seed 17, topics: −0.062 on the held-out register and −0.020
 * on dev; seed 19, items: −0.020 on dev).
 */
export const carriesOver = (gains: SplitHalfGains): boolean => gains[0] > 0 && gains[1] > 0;

/**
 * Whether cut-offs chosen on reviewer examples carry over to reviewer examples they were not chosen on: the held-out
 * reviewer examples split in two alternate halves, cut-offs chosen on one half are scored on the other against the
 * corpus's on that same half, both ways. A few dozen positives can pick a cut-off that fits their own noise, and then
 * the corpus's, chosen on thousands of held-out labels, are better.
 */
export function splitHalfGain<C>(
  oof: HeldOut,
  from: number,
  choose: (rows: HeldOut) => C,
  corpus: C,
  score: (rows: HeldOut, cuts: C) => number,
): SplitHalfGains {
  const half = (parity: number) => heldOutSubset(oof, (e) => e >= from && (e - from) % 2 === parity);
  const [even, odd] = [half(0), half(1)];
  const gain = (fit: HeldOut, test: HeldOut) => score(test, choose(fit)) - score(test, corpus);
  return [gain(even, odd), gain(odd, even)];
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
  const signed = (x: number) => `${x >= 0 ? '+' : '−'}${f(Math.abs(x))}`;
  const gain = (o: CutOffOrigin) =>
    o.splitHalfGains === undefined
      ? ''
      : `, split-half gains ${signed(o.splitHalfGains[0])}/${signed(o.splitHalfGains[1])}`;
  const line = (name: string, o: CutOffOrigin) =>
    o.source === 'reviewer'
      ? `cut-offs ${name}: reviewers (${o.reviewerPositives} positives ≥ ${p.minReviewerPositives}${gain(o)}): corpus ${cuts(o.corpus)} → ${cuts(o.chosen)}`
      : o.reviewerPositives < p.minReviewerPositives
        ? `cut-offs ${name}: corpus (reviewer positives ${o.reviewerPositives} < ${p.minReviewerPositives}): ${cuts(o.chosen)}`
        : `cut-offs ${name}: corpus (reviewer cut-offs did not carry over between halves${gain(o)}): ${cuts(o.chosen)}`;
  return [line('items', p.items), line('topics', p.topics)];
}
