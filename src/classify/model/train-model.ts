import { stableId } from '../../core/ids.ts';
import type { Taxonomy } from '../../core/types.ts';
import { FEATURE_VERSION, featureExtractor, stanceFeatureMask } from '../features.ts';
import { taxonomyExamples, type TrainingExample } from '../training-example.ts';
import { bestThresholdPair, fitPlatt, fitTemperature } from './calibration.ts';
import { groupFactor } from './group-factor.ts';
import { itemsToTag } from './items-to-tag.ts';
import type { ClassifierModel, MultiLabelHead, SoftmaxHead, TrainingMetrics } from '../../core/classifier-model.ts';
import {
  DEFAULT_LOGISTIC,
  softmaxInto,
  trainBinary,
  trainSoftmax,
  type BinaryWeights,
  type LogisticOptions,
  type SoftmaxWeights,
} from './logistic.ts';
import { dot, restrictRow, rowOf, seededRandom, shuffled, sigmoid, type SparseRow } from './sparse.ts';

/** Bumped whenever training changes what it produces from the same examples (heads, cut-off search): a model
 * cached for the same files under another trainer is then trained again. */
export const TRAINER_VERSION = 'trainer-5';

export interface TrainInput {
  pipelineId: string;
  taxonomy: Taxonomy;
  /** The pipeline's corpus and reviewer-confirmed passages, in a stable order. */
  examples: readonly TrainingExample[];
  reviewerExamples?: number;
  folds?: number;
  options?: LogisticOptions;
  /** Called between stages, for a progress display. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface TrainResult {
  model: ClassifierModel;
  metrics: TrainingMetrics;
}

/** Fewer labelled examples than this and cross-validation says nothing: the defaults stand. */
const MIN_EXAMPLES_FOR_CV = 40;
const DEFAULT_THRESHOLD = 0.5;
const MIN_FEATURE_COUNT = 2;
const ANY_ITEM = '*';
const BOILERPLATE = 'boilerplate';

interface Prepared {
  rows: SparseRow[];
  /** The same rows restricted to the features the stance head uses. */
  stanceRows: SparseRow[];
  examples: TrainingExample[];
  /** Index of the first taxonomy example; those are always trained on, never held out. */
  labelledCount: number;
  dims: number;
  features: string[];
}

/**
 * Trains the item, topic and stance heads, deterministically: the same examples in the same order give the same
 * model, byte for byte, and hence the same version. Calibration and thresholds come from k-fold cross-validation
 * on the labelled examples; the taxonomy's own examples are in every training fold.
 */
export function trainClassifierModel(input: TrainInput): TrainResult {
  const started = performance.now();
  const opts = input.options ?? DEFAULT_LOGISTIC;
  const folds = input.folds ?? 5;
  const data = prepare(input.taxonomy, input.examples);
  const itemLabels = input.taxonomy.items.map((i) => i.id);
  const topicLabels = input.taxonomy.topics.map((t) => t.id);
  const stanceLabels = input.taxonomy.stances.map((s) => s.id);
  const groups = groupLabels(input.taxonomy);
  const progress = input.onProgress ?? (() => undefined);

  const cv = data.labelledCount >= MIN_EXAMPLES_FOR_CV && folds > 1;
  const oof = cv ? crossValidate(data, itemLabels, topicLabels, stanceLabels, groups, folds, opts, progress) : null;
  progress('final model', 0, 1);
  const all = Array.from({ length: data.rows.length }, (_, i) => i);
  const final = fitHeads(data, all, itemLabels, topicLabels, stanceLabels, groups, opts);
  progress('final model', 1, 1);

  const { gate, items, groupExponent } = gatedItemHeads(itemLabels, groups, final, oof);
  const annex = softmaxHead(groups.labels, final.groups, data.dims, null);
  const boilerplate = multiLabelHead([BOILERPLATE], [final.boilerplate], oof?.boilerplate ?? null);
  const topics = multiLabelHead(topicLabels, final.topics, oof?.topics ?? null);
  const stance = softmaxHead(stanceLabels, final.stance, data.dims, oof?.stance ?? null);
  const body = {
    format: 1 as const,
    pipelineId: input.pipelineId,
    featureVersion: FEATURE_VERSION,
    features: data.features,
    items: { ...items.head, gate: gate.head, groups: { ...annex.head, exponent: groupExponent } },
    topics: topics.head,
    stance: stance.head,
    boilerplate: boilerplate.head,
  };
  const model: ClassifierModel = { ...body, version: stableId('mdl', JSON.stringify(body)) };
  const metrics: TrainingMetrics = {
    examples: data.labelledCount,
    reviewerExamples: input.reviewerExamples ?? 0,
    features: data.dims,
    folds: cv ? folds : 0,
    itemsMicroF1: items.f1,
    topicsMicroF1: topics.f1,
    stanceAccuracy: stance.accuracy,
    trainingMs: Math.round(performance.now() - started),
  };
  return { model, metrics };
}

function prepare(taxonomy: Taxonomy, labelled: readonly TrainingExample[]): Prepared {
  const extract = featureExtractor(taxonomy);
  const examples = [...labelled, ...taxonomyExamples(taxonomy)];
  const featureLists = examples.map((e) => extract(e.text));
  // A feature seen in one passage only cannot generalise; dropping those halves the model. The taxonomy's own words
  // stay, since on day one they are all there is.
  const seen = new Map<string, number>();
  featureLists.forEach((list, i) => {
    for (const f of list) seen.set(f, (seen.get(f) ?? 0) + (i >= labelled.length ? MIN_FEATURE_COUNT : 1));
  });
  const index = new Map<string, number>();
  for (const list of featureLists)
    for (const f of list) if ((seen.get(f) ?? 0) >= MIN_FEATURE_COUNT && !index.has(f)) index.set(f, index.size);
  const rows = featureLists.map((list) => rowOf(list, index));
  const keep = stanceFeatureMask([...index.keys()]);
  const stanceRows = rows.map((r) => restrictRow(r, keep));
  return { rows, stanceRows, examples, labelledCount: labelled.length, dims: index.size, features: [...index.keys()] };
}

interface Heads {
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

/** The taxonomy's groups and, per item label, the index of its group. */
interface GroupLabels {
  labels: string[];
  ofItem: number[];
}

function groupLabels(taxonomy: Taxonomy): GroupLabels {
  const labels = taxonomy.groups.map((g) => g.id);
  return { labels, ofItem: taxonomy.items.map((i) => labels.indexOf(i.group)) };
}

function fitHeads(
  data: Prepared,
  train: readonly number[],
  itemLabels: string[],
  topicLabels: string[],
  stanceLabels: string[],
  groups: GroupLabels,
  opts: LogisticOptions,
): Heads {
  const binary = (dimension: 'items' | 'topics', labels: string[]) => {
    const known = train.filter((i) => data.examples[i]?.[dimension] !== undefined);
    const rows = known.map((i) => data.rows[i] as SparseRow);
    const has = (i: number, label: string) => {
      const labelsOf = data.examples[i]?.[dimension] ?? [];
      return label === ANY_ITEM ? labelsOf.length > 0 : labelsOf.includes(label);
    };
    return labels.map((label) =>
      trainBinary(
        rows,
        known.map((i) => has(i, label)),
        data.dims,
        opts,
      ),
    );
  };
  const withStance = train.filter((i) => stanceLabels.includes(data.examples[i]?.stance ?? ''));
  const stance = trainSoftmax(
    withStance.map((i) => data.stanceRows[i] as SparseRow),
    withStance.map((i) => stanceLabels.indexOf(data.examples[i]?.stance ?? '')),
    stanceLabels.length,
    data.dims,
    opts,
  );
  const [gate] = binary('items', [ANY_ITEM]);
  const withFlag = train.filter((i) => data.examples[i]?.boilerplate !== undefined);
  const boilerplate = trainBinary(
    withFlag.map((i) => data.rows[i] as SparseRow),
    withFlag.map((i) => data.examples[i]?.boilerplate === true),
    data.dims,
    opts,
  );
  const groupOf = (i: number) => singleGroup(data.examples[i]?.items, itemLabels, groups);
  const inOneGroup = train.filter((i) => groupOf(i) >= 0);
  const annex = trainSoftmax(
    inOneGroup.map((i) => data.rows[i] as SparseRow),
    inOneGroup.map(groupOf),
    groups.labels.length,
    data.dims,
    opts,
  );
  return {
    items: binary('items', itemLabels),
    gate: gate as BinaryWeights,
    topics: binary('topics', topicLabels),
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

interface LabelHeldOut {
  margins: number[];
  truth: boolean[];
  /** Whether the label's keywords occurred in the passage (its `kw:` feature). */
  evidence: boolean[];
  perExample: number;
}

interface HeldOut {
  items: LabelHeldOut;
  gate: LabelHeldOut;
  /** Per example the gate saw, the group head's probabilities. */
  groups: number[][];
  /** Per example the gate saw, whether it is boilerplate. */
  formalities: boolean[];
  boilerplate: LabelHeldOut;
  topics: LabelHeldOut;
  stance: { logits: number[][]; truth: number[] };
}

function crossValidate(
  data: Prepared,
  itemLabels: string[],
  topicLabels: string[],
  stanceLabels: string[],
  groups: GroupLabels,
  folds: number,
  opts: LogisticOptions,
  progress: (stage: string, done: number, total: number) => void,
): HeldOut {
  const featureIndex = new Map(data.features.map((f, i) => [f, i]));
  const order = shuffled(data.labelledCount, seededRandom(opts.seed + 1));
  const foldOf = new Int32Array(data.labelledCount);
  order.forEach((example, position) => (foldOf[example] = position % folds));
  const out: HeldOut = {
    items: { margins: [], truth: [], evidence: [], perExample: itemLabels.length },
    gate: { margins: [], truth: [], evidence: [], perExample: 1 },
    groups: [],
    formalities: [],
    boilerplate: { margins: [], truth: [], evidence: [], perExample: 1 },
    topics: { margins: [], truth: [], evidence: [], perExample: topicLabels.length },
    stance: { logits: [], truth: [] },
  };
  for (let k = 0; k < folds; k++) {
    progress('cross-validation', k, folds);
    const train = Array.from({ length: data.rows.length }, (_, i) => i).filter(
      (i) => i >= data.labelledCount || foldOf[i] !== k,
    );
    const heads = fitHeads(data, train, itemLabels, topicLabels, stanceLabels, groups, opts);
    for (let i = 0; i < data.labelledCount; i++) {
      if (foldOf[i] !== k) continue;
      const e = data.examples[i] as TrainingExample;
      const row = data.rows[i] as SparseRow;
      const present = new Set(row.idx);
      const collect = (
        target: LabelHeldOut,
        weights: BinaryWeights[],
        labels: string[],
        truth: string[] | undefined,
      ) => {
        if (!truth) return;
        weights.forEach((w, c) => {
          target.margins.push(dot(w.w, row) + w.bias);
          target.truth.push(truth.includes(labels[c] as string));
          target.evidence.push(present.has(featureIndex.get(`kw:${labels[c] ?? ''}`) ?? -1));
        });
      };
      collect(out.items, heads.items, itemLabels, e.items);
      if (e.items) {
        out.gate.margins.push(dot(heads.gate.w, row) + heads.gate.bias);
        out.gate.truth.push(e.items.length > 0);
        out.gate.evidence.push(true);
        out.formalities.push(e.boilerplate === true);
        const p = new Float64Array(groups.labels.length);
        softmaxInto(p, heads.groups.w, heads.groups.bias, row, data.dims);
        out.groups.push([...p]);
      }
      collect(out.topics, heads.topics, topicLabels, e.topics);
      if (e.boilerplate !== undefined) {
        out.boilerplate.margins.push(dot(heads.boilerplate.w, row) + heads.boilerplate.bias);
        out.boilerplate.truth.push(e.boilerplate);
        out.boilerplate.evidence.push(true);
      }
      const s = stanceLabels.indexOf(e.stance ?? '');
      if (s >= 0) {
        const stanceRow = data.stanceRows[i] as SparseRow;
        out.stance.logits.push(
          stanceLabels.map((_, c) => dot(heads.stance.w, stanceRow, c * data.dims) + (heads.stance.bias[c] ?? 0)),
        );
        out.stance.truth.push(s);
      }
    }
  }
  progress('cross-validation', folds, folds);
  return out;
}

const round = (x: number, digits = 5) => Number(x.toFixed(digits));
const MIN_STORED_WEIGHT = 0.05;

function sparseWeights(w: Float64Array, offset: number, dims: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let f = 0; f < dims; f++) {
    const x = w[offset + f] ?? 0;
    // Dropping the smallest weights keeps the stored model small (a third smaller than at 0.01, with the letter
    // grams); measured on dev, it changed no figure but items F1 by +0.006.
    if (Math.abs(x) >= MIN_STORED_WEIGHT) pairs.push([f, round(x, 4)]);
  }
  return pairs;
}

/** Gate cut-offs tried in cross-validation. */
const GATE_CUTS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** At most this share of held-out boilerplate may get an item (the classifier's bar): a gate cut-off that lets more
 * through is not chosen, whatever its F1. */
const MAX_BOILERPLATE_WITH_ITEM = 0.02;

/**
 * The gate and the item heads, with the gate's cut-off chosen for the items' micro-F1 (not its own F1, where the
 * many passages with items drown the few formalities and Fehlanzeigen it is there to stop), among the cut-offs that
 * keep held-out boilerplate free of items.
 */
function gatedItemHeads(itemLabels: string[], groups: GroupLabels, final: Heads, oof: HeldOut | null) {
  const gate = multiLabelHead([ANY_ITEM], [final.gate], oof?.gate ?? null);
  if (!oof) return { gate, items: multiLabelHead(itemLabels, final.items, null), groupExponent: 0 };
  const candidates = GATE_CUTS.flatMap((threshold) =>
    GROUP_EXPONENTS.map((groupExponent) => {
      const head = { ...gate.head, threshold };
      const scale = itemScales(oof, groups, gatedBy(oof.gate, head), groupExponent);
      const items = multiLabelHead(itemLabels, final.items, oof.items, scale, ITEM_SHARES);
      const leak = boilerplateLeak(chosenItems(oof.items, items.head, scale), oof.formalities);
      return { gate: { ...gate, head }, items, groupExponent, scale, leak };
    }),
  );
  const allowed = candidates.filter((c) => c.leak <= MAX_BOILERPLATE_WITH_ITEM);
  const pool = allowed.length > 0 ? allowed : [candidates.reduce((a, c) => (c.leak < a.leak ? c : a))];
  const { scale, leak: _leak, ...best } = pool.reduce((a, c) => ((c.items.f1 ?? 0) > (a.items.f1 ?? 0) ? c : a));
  const fallback = chooseBestItemFloor(oof, best.items.head, scale);
  return { ...best, items: { f1: round(fallback.f1, 4), head: { ...best.items.head, bestItemFloor: fallback.floor } } };
}

/** The share of held-out formalities (boilerplate) that would get an item; `chosen` is per example, as chosenItems. */
function boilerplateLeak(chosen: readonly number[][], formalities: readonly boolean[]): number {
  const total = formalities.filter(Boolean).length;
  return total === 0 ? 0 : chosen.filter((labels, e) => labels.length > 0 && formalities[e]).length / total;
}

/** Floors tried for tagging a passage's best item when the gate is open but no item reached its cut-off (1: never). */
const BEST_ITEM_FLOORS = [1, 0.3, 0.2, 0.15, 0.1, 0.05];

/**
 * The gate says the passage addresses an item, yet none reached its cut-off: its best item is often still right
 * (a paraphrase the item head has not seen). The floor from which it is tagged anyway is the one with the best
 * held-out items F1, among those that keep held-out boilerplate within the bar.
 */
function chooseBestItemFloor(oof: HeldOut, head: MultiLabelHead, scale: Float64Array): { floor: number; f1: number } {
  let best = { floor: 1, f1: -1 };
  for (const floor of BEST_ITEM_FLOORS) {
    const chosen = chosenItems(oof.items, { ...head, bestItemFloor: floor }, scale);
    if (floor !== 1 && boilerplateLeak(chosen, oof.formalities) > MAX_BOILERPLATE_WITH_ITEM) continue;
    const predicted = new Array<boolean>(oof.items.truth.length).fill(false);
    chosen.forEach((labels, e) => labels.forEach((c) => (predicted[e * oof.items.perExample + c] = true)));
    const f1 = microF1(predicted, oof.items.truth);
    if (f1 > best.f1 + 1e-9) best = { floor, f1 };
  }
  return best;
}

/**
 * Exponents tried for the group factor: an item's probability is multiplied by (its group's probability / the best
 * group's)^x. The group head learns from all passages of a group at once (A1: what the law should say; E: what
 * happened since the RückFVG) what each item head sees only in its two dozen examples; 0 leaves items as they are.
 */
const GROUP_EXPONENTS = [0, 0.25, 0.5, 0.75, 1, 1.5];

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
function chosenItems(heldOut: LabelHeldOut, head: MultiLabelHead, scale: Float64Array): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < heldOut.margins.length; start += heldOut.perExample) {
    const probs = heldOut.margins
      .slice(start, start + heldOut.perExample)
      .map((m, c) => sigmoid(head.platt.a * m + head.platt.b) * (scale[start + c] ?? 1));
    out.push(
      itemsToTag(probs, (c) => (heldOut.evidence[start + c] ? head.threshold : head.thresholdWithoutEvidence), head),
    );
  }
  return out;
}

/** Per held-out example, whether the gate lets its items through (calibrated probability ≥ the gate's threshold). */
function gatedBy(heldOut: LabelHeldOut, gate: MultiLabelHead): boolean[] {
  return heldOut.margins.map((m) => sigmoid(gate.platt.a * m + gate.platt.b) >= gate.threshold);
}

/** Shares of the best item's probability a further item must reach, tried in cross-validation (0: no such rule). */
const ITEM_SHARES = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

function multiLabelHead(
  labels: string[],
  weights: BinaryWeights[],
  heldOut: LabelHeldOut | null,
  scale: Float64Array | null = null,
  shares: readonly number[] = [0],
): { head: MultiLabelHead; f1: number | null } {
  const dims = weights[0]?.w.length ?? 0;
  let platt = { a: 1, b: 0 };
  let cut: Cut = {
    threshold: DEFAULT_THRESHOLD,
    thresholdWithoutEvidence: DEFAULT_THRESHOLD,
    runnerUpShare: shares[0] ?? 0,
  };
  let f1: number | null = null;
  if (heldOut && heldOut.margins.length > 0) {
    platt = plattFor(heldOut);
    const probs = heldOut.margins.map((m, k) => sigmoid(platt.a * m + platt.b) * (scale ? (scale[k] ?? 1) : 1));
    ({ cut, f1 } = bestCut(probs, heldOut, shares));
  }
  return {
    head: { labels, bias: weights.map((w) => round(w.bias)), weights: storedWeights(weights, dims), platt, ...cut },
    f1,
  };
}

// The same weights are stored whatever cut-offs are tried: convert them once.
const stored = new WeakMap<BinaryWeights[], [number, number][][]>();
function storedWeights(weights: BinaryWeights[], dims: number): [number, number][][] {
  let pairs = stored.get(weights);
  if (!pairs) stored.set(weights, (pairs = weights.map((w) => sparseWeights(w.w, 0, dims))));
  return pairs;
}

// The items' scaler depends on the held-out margins only, not on the gate cut-off tried: fit it once.
const platts = new WeakMap<LabelHeldOut, { a: number; b: number }>();
function plattFor(heldOut: LabelHeldOut): { a: number; b: number } {
  let platt = platts.get(heldOut);
  if (!platt) platts.set(heldOut, (platt = fitPlatt(heldOut.margins, heldOut.truth)));
  return platt;
}

type Cut = Pick<MultiLabelHead, 'threshold' | 'thresholdWithoutEvidence' | 'runnerUpShare'>;

/**
 * The cut-offs the combiner will apply, chosen together on held-out probabilities: the thresholds with and without
 * keyword evidence, and how close to a passage's best label a further one must come.
 */
function bestCut(probs: readonly number[], heldOut: LabelHeldOut, shares: readonly number[]): { cut: Cut; f1: number } {
  let best: { cut: Cut; f1: number } = {
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

function softmaxHead(
  labels: string[],
  weights: SoftmaxWeights,
  dims: number,
  heldOut: HeldOut['stance'] | null,
): { head: SoftmaxHead; accuracy: number | null } {
  const temperature = heldOut && heldOut.truth.length > 0 ? fitTemperature(heldOut.logits, heldOut.truth) : 1;
  const accuracy =
    heldOut && heldOut.truth.length > 0
      ? round(
          heldOut.logits.filter((z, i) => z.indexOf(Math.max(...z)) === heldOut.truth[i]).length / heldOut.truth.length,
          4,
        )
      : null;
  return {
    head: {
      labels,
      bias: [...weights.bias].map((b) => round(b)),
      weights: labels.map((_, c) => sparseWeights(weights.w, c * dims, dims)),
      temperature,
    },
    accuracy,
  };
}

function microF1(predicted: readonly boolean[], truth: readonly boolean[]): number {
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
