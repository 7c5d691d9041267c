import { stableId } from '../../core/ids.ts';
import type { Taxonomy } from '../../core/types.ts';
import { FEATURE_VERSION, featureExtractor } from '../features.ts';
import { taxonomyExamples, type TrainingExample } from '../training-example.ts';
import { bestThresholdPair, fitPlatt, fitTemperature } from './calibration.ts';
import type { ClassifierModel, MultiLabelHead, SoftmaxHead, TrainingMetrics } from './classifier-model.ts';
import { DEFAULT_LOGISTIC, trainBinary, trainSoftmax, type BinaryWeights, type LogisticOptions, type SoftmaxWeights } from './logistic.ts';
import { dot, seededRandom, shuffled, sigmoid, toSparseRow, type SparseRow } from './sparse.ts';

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

interface Prepared {
  rows: SparseRow[];
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
  const progress = input.onProgress ?? (() => undefined);

  const cv = data.labelledCount >= MIN_EXAMPLES_FOR_CV && folds > 1;
  const oof = cv ? crossValidate(data, itemLabels, topicLabels, stanceLabels, folds, opts, progress) : null;
  progress('final model', 0, 1);
  const all = Array.from({ length: data.rows.length }, (_, i) => i);
  const final = fitHeads(data, all, itemLabels, topicLabels, stanceLabels, opts);
  progress('final model', 1, 1);

  const gate = multiLabelHead([ANY_ITEM], [final.gate], oof?.gate ?? null);
  const items = multiLabelHead(itemLabels, final.items, oof?.items ?? null, oof ? gatedBy(oof.gate, gate.head) : null);
  const topics = multiLabelHead(topicLabels, final.topics, oof?.topics ?? null);
  const stance = softmaxHead(stanceLabels, final.stance, data.dims, oof?.stance ?? null);
  const body = { format: 1 as const, pipelineId: input.pipelineId, featureVersion: FEATURE_VERSION, features: data.features, items: { ...items.head, gate: gate.head }, topics: topics.head, stance: stance.head };
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
  for (const list of featureLists) for (const f of list) if ((seen.get(f) ?? 0) >= MIN_FEATURE_COUNT && !index.has(f)) index.set(f, index.size);
  const rows = featureLists.map((list) => toSparseRow(list.flatMap((f) => index.get(f) ?? [])));
  return { rows, examples, labelledCount: labelled.length, dims: index.size, features: [...index.keys()] };
}

interface Heads {
  items: BinaryWeights[];
  /** Whether a passage addresses any item at all (formalities, Fehlanzeige and greetings do not). */
  gate: BinaryWeights;
  topics: BinaryWeights[];
  stance: SoftmaxWeights;
}

function fitHeads(data: Prepared, train: readonly number[], itemLabels: string[], topicLabels: string[], stanceLabels: string[], opts: LogisticOptions): Heads {
  const binary = (dimension: 'items' | 'topics', labels: string[]) => {
    const known = train.filter((i) => data.examples[i]?.[dimension] !== undefined);
    const rows = known.map((i) => data.rows[i] as SparseRow);
    const has = (i: number, label: string) => {
      const labelsOf = data.examples[i]?.[dimension] ?? [];
      return label === ANY_ITEM ? labelsOf.length > 0 : labelsOf.includes(label);
    };
    return labels.map((label) => trainBinary(rows, known.map((i) => has(i, label)), data.dims, opts));
  };
  const withStance = train.filter((i) => stanceLabels.includes(data.examples[i]?.stance ?? ''));
  const stance = trainSoftmax(
    withStance.map((i) => data.rows[i] as SparseRow),
    withStance.map((i) => stanceLabels.indexOf(data.examples[i]?.stance ?? '')),
    stanceLabels.length,
    data.dims,
    opts,
  );
  const [gate] = binary('items', [ANY_ITEM]);
  return { items: binary('items', itemLabels), gate: gate as BinaryWeights, topics: binary('topics', topicLabels), stance };
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
  topics: LabelHeldOut;
  stance: { logits: number[][]; truth: number[] };
}

function crossValidate(
  data: Prepared, itemLabels: string[], topicLabels: string[], stanceLabels: string[], folds: number, opts: LogisticOptions,
  progress: (stage: string, done: number, total: number) => void,
): HeldOut {
  const featureIndex = new Map(data.features.map((f, i) => [f, i]));
  const order = shuffled(data.labelledCount, seededRandom(opts.seed + 1));
  const foldOf = new Int32Array(data.labelledCount);
  order.forEach((example, position) => (foldOf[example] = position % folds));
  const out: HeldOut = {
    items: { margins: [], truth: [], evidence: [], perExample: itemLabels.length },
    gate: { margins: [], truth: [], evidence: [], perExample: 1 },
    topics: { margins: [], truth: [], evidence: [], perExample: topicLabels.length },
    stance: { logits: [], truth: [] },
  };
  for (let k = 0; k < folds; k++) {
    progress('cross-validation', k, folds);
    const train = Array.from({ length: data.rows.length }, (_, i) => i).filter((i) => i >= data.labelledCount || foldOf[i] !== k);
    const heads = fitHeads(data, train, itemLabels, topicLabels, stanceLabels, opts);
    for (let i = 0; i < data.labelledCount; i++) {
      if (foldOf[i] !== k) continue;
      const e = data.examples[i] as TrainingExample;
      const row = data.rows[i] as SparseRow;
      const present = new Set(row.idx);
      const collect = (target: LabelHeldOut, weights: BinaryWeights[], labels: string[], truth: string[] | undefined) => {
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
      }
      collect(out.topics, heads.topics, topicLabels, e.topics);
      const s = stanceLabels.indexOf(e.stance ?? '');
      if (s >= 0) {
        out.stance.logits.push(stanceLabels.map((_, c) => dot(heads.stance.w, row, c * data.dims) + (heads.stance.bias[c] ?? 0)));
        out.stance.truth.push(s);
      }
    }
  }
  progress('cross-validation', folds, folds);
  return out;
}

const round = (x: number, digits = 5) => Number(x.toFixed(digits));

function sparseWeights(w: Float64Array, offset: number, dims: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let f = 0; f < dims; f++) {
    const x = w[offset + f] ?? 0;
    // Dropping the smallest weights keeps the stored model small; they change no decision at this scale.
    if (Math.abs(x) >= 1e-2) pairs.push([f, round(x, 4)]);
  }
  return pairs;
}

/** Per held-out example, whether the gate lets its items through (calibrated probability ≥ the gate's threshold). */
function gatedBy(heldOut: LabelHeldOut, gate: MultiLabelHead): boolean[] {
  return heldOut.margins.map((m) => sigmoid(gate.platt.a * m + gate.platt.b) >= gate.threshold);
}

function multiLabelHead(labels: string[], weights: BinaryWeights[], heldOut: LabelHeldOut | null, open: boolean[] | null = null): { head: MultiLabelHead; f1: number | null } {
  const dims = weights[0]?.w.length ?? 0;
  let platt = { a: 1, b: 0 };
  let threshold = DEFAULT_THRESHOLD;
  let thresholdWithoutEvidence = DEFAULT_THRESHOLD;
  let f1: number | null = null;
  if (heldOut && heldOut.margins.length > 0) {
    platt = fitPlatt(heldOut.margins, heldOut.truth);
    const probs = heldOut.margins.map((m, k) => (open && !open[Math.floor(k / heldOut.perExample)] ? 0 : sigmoid(platt.a * m + platt.b)));
    ({ withEvidence: threshold, withoutEvidence: thresholdWithoutEvidence } = bestThresholdPair(probs, heldOut.truth, heldOut.evidence, DEFAULT_THRESHOLD));
    f1 = round(microF1(probs.map((p, k) => p >= (heldOut.evidence[k] ? threshold : thresholdWithoutEvidence)), heldOut.truth), 4);
  }
  return {
    head: { labels, bias: weights.map((w) => round(w.bias)), weights: weights.map((w) => sparseWeights(w.w, 0, dims)), platt, threshold, thresholdWithoutEvidence },
    f1,
  };
}

function softmaxHead(labels: string[], weights: SoftmaxWeights, dims: number, heldOut: HeldOut['stance'] | null): { head: SoftmaxHead; accuracy: number | null } {
  const temperature = heldOut && heldOut.truth.length > 0 ? fitTemperature(heldOut.logits, heldOut.truth) : 1;
  const accuracy = heldOut && heldOut.truth.length > 0
    ? round(heldOut.logits.filter((z, i) => z.indexOf(Math.max(...z)) === heldOut.truth[i]).length / heldOut.truth.length, 4)
    : null;
  return {
    head: { labels, bias: [...weights.bias].map((b) => round(b)), weights: labels.map((_, c) => sparseWeights(weights.w, c * dims, dims)), temperature },
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
