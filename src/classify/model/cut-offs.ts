import type { MultiLabelHead } from '../../core/classifier-model.ts';
import { bestThresholdPair, fitPlatt, fitTemperature } from './calibration.ts';
import type { LabelHeldOut, HeldOut } from './cross-validation.ts';
import type { GroupLabels } from './fit-heads.ts';
import { groupFactor } from './group-factor.ts';
import { itemsToTag } from './items-to-tag.ts';
import { sigmoid } from './sparse.ts';

/** What a multi-label head is told besides its weights: calibration and the cut-offs the combiner applies. */
export type Cut = Pick<MultiLabelHead, 'platt' | 'threshold' | 'thresholdWithoutEvidence' | 'runnerUpShare'> &
  Pick<Partial<MultiLabelHead>, 'bestItemFloor'>;

const DEFAULT_THRESHOLD = 0.5;

/** Without held-out predictions (too few examples to cross-validate) the defaults stand. */
export const defaultCut = (runnerUpShare = 0): Cut => ({
  platt: { a: 1, b: 0 },
  threshold: DEFAULT_THRESHOLD,
  thresholdWithoutEvidence: DEFAULT_THRESHOLD,
  runnerUpShare,
});

export const round = (x: number, digits = 5): number => Number(x.toFixed(digits));

/**
 * A dimension's Platt scaler and cut-offs, chosen on its held-out margins; `scale` multiplies each held-out
 * probability (the items' gate and group factor), `shares` are the runner-up shares tried, `platt` a scaler already
 * fitted on the same margins (fitting depends on the margins only, so a caller trying many scales fits it once).
 */
export function chooseCut(
  heldOut: LabelHeldOut | null,
  opts: { scale?: Float64Array; shares?: readonly number[]; platt?: { a: number; b: number } } = {},
): { cut: Cut; f1: number | null } {
  const shares = opts.shares ?? [0];
  if (!heldOut || heldOut.margins.length === 0) return { cut: defaultCut(shares[0] ?? 0), f1: null };
  const platt = opts.platt ?? fitPlatt(heldOut.margins, heldOut.truth);
  const scale = opts.scale;
  const probs = heldOut.margins.map((m, k) => sigmoid(platt.a * m + platt.b) * (scale ? (scale[k] ?? 1) : 1));
  const { cut, f1 } = bestCut(probs, heldOut, shares);
  return { cut: { platt, ...cut }, f1 };
}

/** The softmax temperature with the lowest held-out log-loss and the held-out accuracy (none without held-out data). */
export function chooseTemperature(heldOut: HeldOut['stance'] | null): { temperature: number; accuracy: number | null } {
  if (!heldOut || heldOut.truth.length === 0) return { temperature: 1, accuracy: null };
  const right = heldOut.logits.filter((z, i) => z.indexOf(Math.max(...z)) === heldOut.truth[i]).length;
  return {
    temperature: fitTemperature(heldOut.logits, heldOut.truth),
    accuracy: round(right / heldOut.truth.length, 4),
  };
}

/** Gate cut-offs tried in cross-validation. */
const GATE_CUTS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** At most this share of held-out boilerplate may get an item (the classifier's bar): a gate cut-off that lets more
 * through is not chosen, whatever its F1. */
const MAX_BOILERPLATE_WITH_ITEM = 0.02;
/** Shares of the best item's probability a further item must reach, tried in cross-validation (0: no such rule). */
const ITEM_SHARES = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
/**
 * Exponents tried for the group factor: an item's probability is multiplied by (its group's probability / the best
 * group's)^x. The group head learns from all passages of a group at once (A1: what the law should say; E: what
 * happened since the RückFVG) what each item head sees only in its two dozen examples; 0 leaves items as they are.
 */
const GROUP_EXPONENTS = [0, 0.25, 0.5, 0.75, 1, 1.5];
/** Floors tried for tagging a passage's best item when the gate is open but no item reached its cut-off (1: never). */
const BEST_ITEM_FLOORS = [1, 0.3, 0.2, 0.15, 0.1, 0.05];

export interface ItemCuts {
  gate: Cut;
  items: Cut;
  groupExponent: number;
  /** The items' held-out micro-F1 under these cut-offs (null without cross-validation). */
  f1: number | null;
}

/**
 * The gate's and the items' cut-offs, with the gate's cut-off chosen for the items' micro-F1 (not its own F1, where
 * the many passages with items drown the few formalities and Fehlanzeigen it is there to stop), among the cut-offs
 * that keep held-out boilerplate free of items; then the group exponent and the best-item floor.
 */
export function chooseItemCuts(oof: HeldOut | null, groups: GroupLabels, opts: { scoreOn?: HeldOut } = {}): ItemCuts {
  const gate = chooseCut(oof?.gate ?? null).cut;
  if (!oof) return { gate, items: chooseCut(null).cut, groupExponent: 0, f1: null };
  // Calibration (the Platt scalers) and the boilerplate bar always read every held-out example; the F1 a cut-off is
  // chosen by reads `scoreOn` (the reviewer examples alone when recalibrating, see recalibrate.ts), else all.
  const scored = opts.scoreOn ?? oof;
  const itemPlatt = fitPlatt(oof.items.margins, oof.items.truth);
  const candidates = GATE_CUTS.flatMap((threshold) =>
    GROUP_EXPONENTS.map((groupExponent) => {
      const gateCut = { ...gate, threshold };
      const scale = itemScales(scored, groups, gatedBy(scored.gate, gateCut), groupExponent);
      const items = chooseCut(scored.items, { scale, shares: ITEM_SHARES, platt: itemPlatt });
      const allScale = scored === oof ? scale : itemScales(oof, groups, gatedBy(oof.gate, gateCut), groupExponent);
      const leak = boilerplateLeak(chosenItems(oof.items, items.cut, allScale), oof.formalities);
      return { gate: gateCut, items, groupExponent, scale, allScale, leak };
    }),
  );
  const allowed = candidates.filter((c) => c.leak <= MAX_BOILERPLATE_WITH_ITEM);
  const pool = allowed.length > 0 ? allowed : [candidates.reduce((a, c) => (c.leak < a.leak ? c : a))];
  const best = pool.reduce((a, c) => ((c.items.f1 ?? 0) > (a.items.f1 ?? 0) ? c : a));
  const fallback = chooseBestItemFloor(scored, best.items.cut, best.scale, { oof, scale: best.allScale });
  return {
    gate: best.gate,
    items: { ...best.items.cut, bestItemFloor: fallback.floor },
    groupExponent: best.groupExponent,
    f1: round(fallback.f1, 4),
  };
}

/** Per held-out gate row, the item indices the combiner would tag under these cut-offs. */
export function heldOutItemChoices(oof: HeldOut, cuts: ItemCuts, groups: GroupLabels): number[][] {
  const scale = itemScales(oof, groups, gatedBy(oof.gate, cuts.gate), cuts.groupExponent);
  return chosenItems(oof.items, cuts.items, scale);
}

/** The share of held-out formalities (boilerplate) that would get an item; `chosen` is per example, as chosenItems. */
function boilerplateLeak(chosen: readonly number[][], formalities: readonly boolean[]): number {
  const total = formalities.filter(Boolean).length;
  return total === 0 ? 0 : chosen.filter((labels, e) => labels.length > 0 && formalities[e]).length / total;
}

/**
 * The gate says the passage addresses an item, yet none reached its cut-off: its best item is often still right
 * (a paraphrase the item head has not seen). The floor from which it is tagged anyway is the one with the best
 * held-out items F1, among those that keep held-out boilerplate within the bar.
 */
function chooseBestItemFloor(
  oof: HeldOut,
  cut: Cut,
  scale: Float64Array,
  leakOn: { oof: HeldOut; scale: Float64Array } = { oof, scale },
): { floor: number; f1: number } {
  let best = { floor: 1, f1: -1 };
  for (const floor of BEST_ITEM_FLOORS) {
    const chosen = chosenItems(oof.items, { ...cut, bestItemFloor: floor }, scale);
    const leaked =
      leakOn.oof === oof ? chosen : chosenItems(leakOn.oof.items, { ...cut, bestItemFloor: floor }, leakOn.scale);
    if (floor !== 1 && boilerplateLeak(leaked, leakOn.oof.formalities) > MAX_BOILERPLATE_WITH_ITEM) continue;
    const predicted = new Array<boolean>(oof.items.truth.length).fill(false);
    chosen.forEach((labels, e) => labels.forEach((c) => (predicted[e * oof.items.perExample + c] = true)));
    const f1 = microF1(predicted, oof.items.truth);
    if (f1 > best.f1 + 1e-9) best = { floor, f1 };
  }
  return best;
}

/** Per held-out item probability, the factor the combiner will apply: 0 where the gate is shut, else the group's. */
function itemScales(oof: HeldOut, groups: GroupLabels, open: readonly boolean[], exponent: number): Float64Array {
  const perExample = oof.items.perExample;
  const out = new Float64Array(oof.items.margins.length);
  for (let e = 0; e * perExample < out.length; e++) {
    const g = oof.groups[e] ?? [];
    for (let c = 0; c < perExample; c++)
      out[e * perExample + c] = open[e] ? groupFactor(g, groups.ofItem[c] ?? -1, exponent) : 0;
  }
  return out;
}

/** Per held-out example, the item indices the combiner would tag (same cut-offs and rules, without references). */
function chosenItems(heldOut: LabelHeldOut, cut: Cut, scale: Float64Array): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < heldOut.margins.length; start += heldOut.perExample) {
    const probs = heldOut.margins
      .slice(start, start + heldOut.perExample)
      .map((m, c) => sigmoid(cut.platt.a * m + cut.platt.b) * (scale[start + c] ?? 1));
    out.push(
      itemsToTag(probs, (c) => (heldOut.evidence[start + c] ? cut.threshold : cut.thresholdWithoutEvidence), cut),
    );
  }
  return out;
}

/** Per held-out example, whether the gate lets its items through (calibrated probability ≥ the gate's threshold). */
function gatedBy(heldOut: LabelHeldOut, gate: Cut): boolean[] {
  return heldOut.margins.map((m) => sigmoid(gate.platt.a * m + gate.platt.b) >= gate.threshold);
}

type Thresholds = Omit<Cut, 'platt' | 'bestItemFloor'>;

/**
 * The cut-offs the combiner will apply, chosen together on held-out probabilities: the thresholds with and without
 * keyword evidence, and how close to a passage's best label a further one must come.
 */
function bestCut(
  probs: readonly number[],
  heldOut: LabelHeldOut,
  shares: readonly number[],
): { cut: Thresholds; f1: number } {
  let best: { cut: Thresholds; f1: number } = {
    cut: { threshold: DEFAULT_THRESHOLD, thresholdWithoutEvidence: DEFAULT_THRESHOLD, runnerUpShare: 0 },
    f1: -1,
  };
  for (const share of shares) {
    const masked = share === 0 ? probs : belowShareZeroed(probs, heldOut.perExample, share);
    const pair = bestThresholdPair(masked, heldOut.truth, heldOut.evidence, DEFAULT_THRESHOLD);
    const f1 = round(
      microF1(
        masked.map((p, k) => p >= (heldOut.evidence[k] ? pair.withEvidence : pair.withoutEvidence)),
        heldOut.truth,
      ),
      4,
    );
    if (f1 > best.f1)
      best = {
        cut: { threshold: pair.withEvidence, thresholdWithoutEvidence: pair.withoutEvidence, runnerUpShare: share },
        f1,
      };
  }
  return best;
}

/** Per example (a run of `perExample` labels), probabilities under `share` × the example's best set to zero. */
function belowShareZeroed(probs: readonly number[], perExample: number, share: number): number[] {
  const out = [...probs];
  for (let start = 0; start < probs.length; start += perExample) {
    const top = Math.max(...probs.slice(start, start + perExample));
    for (let k = start; k < start + perExample; k++) if ((out[k] ?? 0) < share * top) out[k] = 0;
  }
  return out;
}

export function microF1(predicted: readonly boolean[], truth: readonly boolean[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  predicted.forEach((p, i) => {
    if (p && truth[i]) tp++;
    else if (p) fp++;
    else if (truth[i]) fn++;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}
