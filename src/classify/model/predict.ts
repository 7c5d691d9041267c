import type { Taxonomy } from '../../core/types.ts';
import { featureIndexer, stanceFeatureMask } from '../features.ts';
import { keywordIndex } from '../keywords.ts';
import type {
  ClassifierModel,
  CutOffProvenance,
  GroupHead,
  MultiLabelHead,
  SoftmaxHead,
} from '../../core/classifier-model.ts';
import { groupFactor } from './group-factor.ts';
import { restrictRow, rowFromIds, sigmoid, type SparseRow } from './sparse.ts';

/** What the model says about one text: a calibrated probability per item and topic, a distribution over stances. */
export interface ModelPrediction {
  items: Map<string, number>;
  topics: Map<string, number>;
  stance: Map<string, number>;
  /** Probability that the passage is a formality (greeting, letterhead, disclaimer). */
  boilerplate: number;
  /** The gate's calibrated probability that the passage addresses any item (items are empty below its cut-off). */
  gate: number;
  /** Items and topics whose keywords occur in the text. */
  evidence: Set<string>;
}

/** Calibrated cut-offs from training; a label without keyword evidence has its own (usually higher) one. */
export interface Thresholds {
  item: number;
  itemWithoutEvidence: number;
  /** How close to the best item a further one must come. */
  itemRunnerUpShare: number;
  /** When no item reaches its cut-off, the best one is still tagged from this probability on (1: never). */
  itemBestFloor: number;
  topic: number;
  topicWithoutEvidence: number;
  /** From this probability on a passage counts as boilerplate. */
  boilerplate: number;
  /** From this probability on the gate lets the model's items through. */
  gate: number;
}

export interface Predictor {
  version: string;
  thresholds: Thresholds;
  /** Where the cut-offs came from (absent: the corpus; see recalibrate.ts). */
  cutOffs?: CutOffProvenance;
  predict(text: string): ModelPrediction;
  /** Only the sparse row, for callers that score many heads (training's cross-validation). */
  featurize(text: string): SparseRow;
}

const cache = new WeakMap<ClassifierModel, Map<Taxonomy, Predictor>>();

/** Dense weights built once per model and taxonomy; predicting is then a few thousand multiply-adds per passage. */
export function predictorFor(model: ClassifierModel, taxonomy: Taxonomy): Predictor {
  let byTaxonomy = cache.get(model);
  if (!byTaxonomy) cache.set(model, (byTaxonomy = new Map()));
  const cached = byTaxonomy.get(taxonomy);
  if (cached) return cached;
  const known = new Set([...taxonomy.items, ...taxonomy.topics, ...taxonomy.stances].map((x) => x.id));
  const predictor = buildPredictor(model, taxonomy, known);
  byTaxonomy.set(taxonomy, predictor);
  return predictor;
}

/**
 * Labels the taxonomy no longer has (renamed, removed) are never predicted; a retrain learns the new ones. The
 * predictor keeps the dense matrices, the feature index and each head's labels and calibration, never the model:
 * its per-label weight lists (about two million [feature, weight] pairs, ~160 MB of arrays for
 * rueckfuehrung-2024) are garbage once the matrices are built (bench:pipeline, worker peak RSS).
 */
function buildPredictor(model: ClassifierModel, taxonomy: Taxonomy, known: ReadonlySet<string>): Predictor {
  const index = new Map(model.features.map((f, i) => [f, i]));
  const ids = featureIndexer(taxonomy, index);
  const keywords = [keywordIndex(taxonomy.items), keywordIndex(taxonomy.topics)];
  // Every head but the stance reads all features: one matrix for them, so a feature's weights are adjacent.
  const groups = model.items.groups;
  const heads = featureMajor([
    model.items.gate,
    model.boilerplate,
    model.topics,
    model.items,
    ...(groups ? [groups] : []),
  ]);
  const stance = featureMajor([model.stance]);
  const [gateAt, boilerplateAt, topicsAt, itemsAt, groupsAt] = heads.offsets as [
    number,
    number,
    number,
    number,
    number | undefined,
  ];
  const [gate, boilerplate, topics, items] = [model.items.gate, model.boilerplate, model.topics, model.items].map(
    calibration,
  ) as [Calibration, Calibration, Calibration, Calibration];
  const groupCount = groups?.labels.length ?? 0;
  const stanceLabels = model.stance.labels;
  const stanceTemperature = model.stance.temperature;
  const scaleItems = itemGroupScaler(model.items.labels, groups, taxonomy);
  const featurize = (text: string) => rowFromIds(ids(text));
  const stanceKeep = stanceFeatureMask(model.features);
  return {
    version: model.version,
    thresholds: {
      item: model.items.threshold,
      itemWithoutEvidence: model.items.thresholdWithoutEvidence,
      itemRunnerUpShare: model.items.runnerUpShare,
      itemBestFloor: model.items.bestItemFloor ?? 1,
      topic: model.topics.threshold,
      topicWithoutEvidence: model.topics.thresholdWithoutEvidence,
      boilerplate: model.boilerplate.threshold,
      gate: model.items.gate.threshold,
    },
    ...(model.cutOffs ? { cutOffs: model.cutOffs } : {}),
    featurize,
    predict(text) {
      const row = featurize(text);
      const evidence = new Set(keywords.flatMap((k) => k.match(text).map((m) => m.id)));
      const z = margins(heads, row);
      const part = (at: number, head: Calibration) => calibrated(head, z.subarray(at, at + head.labels.length));
      const gateP = part(gateAt, gate)[0] ?? 0;
      const open = gateP >= gate.threshold;
      const groupProbs = () =>
        groupCount > 0 && groupsAt !== undefined ? softmax(z.subarray(groupsAt, groupsAt + groupCount)) : null;
      const stanceZ = margins(stance, restrictRow(row, stanceKeep)).map((x) => x / stanceTemperature);
      return {
        // A passage the gate finds content-free (greeting, Fehlanzeige, formalities) gets no item from the model.
        items: open ? labelled(items.labels, scaleItems(part(itemsAt, items), groupProbs()), known) : new Map(),
        topics: labelled(topics.labels, part(topicsAt, topics), known),
        stance: labelled(stanceLabels, softmax(stanceZ), known),
        boilerplate: part(boilerplateAt, boilerplate)[0] ?? 0,
        gate: gateP,
        evidence,
      };
    },
  };
}

/** What predicting needs of a multi-label head besides its weights. */
type Calibration = Pick<MultiLabelHead, 'labels' | 'platt' | 'threshold'>;

const calibration = (head: MultiLabelHead): Calibration => ({
  labels: head.labels,
  platt: head.platt,
  threshold: head.threshold,
});

/** Weights feature by feature (all classes of a feature side by side, in single precision): a passage's few
 * hundred features are then read in one pass over a few adjacent cache lines each, instead of one scattered pass per
 * class and head. */
interface FeatureMajor {
  w: Float32Array;
  bias: Float64Array;
  classes: number;
  /** Where each head's classes start. */
  offsets: number[];
}

function featureMajor(heads: readonly (MultiLabelHead | SoftmaxHead)[]): FeatureMajor {
  const offsets: number[] = [];
  let classes = 0;
  for (const h of heads) {
    offsets.push(classes);
    classes += h.labels.length;
  }
  let dims = 0;
  for (const h of heads) for (const pairs of h.weights) for (const [f] of pairs) dims = Math.max(dims, f + 1);
  const w = new Float32Array(dims * classes);
  const bias = new Float64Array(classes);
  heads.forEach((h, i) => {
    const at = offsets[i] ?? 0;
    h.weights.forEach((pairs, c) => {
      for (const [f, x] of pairs) w[f * classes + at + c] = x;
    });
    h.labels.forEach((_, c) => (bias[at + c] = h.bias[c] ?? 0));
  });
  return { w, bias, classes, offsets };
}

function margins(head: FeatureMajor, row: SparseRow): Float64Array {
  const { w, classes } = head;
  const out = new Float64Array(classes);
  const idx = row.idx;
  for (let k = 0; k < idx.length; k++) {
    const base = (idx[k] as number) * classes;
    if (base >= w.length) continue;
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + (w[base + c] as number);
  }
  for (let c = 0; c < classes; c++) out[c] = (out[c] as number) * row.val + (head.bias[c] as number);
  return out;
}

/** Multiplies each item's probability by its group's factor (see GroupHead); the item's group is the taxonomy's. */
function itemGroupScaler(itemLabels: readonly string[], groups: GroupHead | undefined, taxonomy: Taxonomy) {
  const groupOfLabel = new Map(taxonomy.items.map((i) => [i.id, i.group]));
  const groupIndex = itemLabels.map((label) => groups?.labels.indexOf(groupOfLabel.get(label) ?? '') ?? -1);
  const exponent = groups?.exponent ?? null; // not the head itself: its weights are not needed after featureMajor
  return (probs: Float64Array, groupProbs: Float64Array | null): Float64Array =>
    exponent !== null && groupProbs
      ? probs.map((p, c) => p * groupFactor(groupProbs, groupIndex[c] ?? -1, exponent))
      : probs;
}

const calibrated = (head: Calibration, z: Float64Array): Float64Array =>
  z.map((m) => sigmoid(head.platt.a * m + head.platt.b));

function softmax(z: Float64Array): Float64Array {
  const max = Math.max(...z);
  const e = z.map((x) => Math.exp(x - max));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / sum);
}

function labelled(labels: readonly string[], scores: Float64Array, known: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  labels.forEach((label, c) => {
    if (known.has(label)) out.set(label, scores[c] ?? 0);
  });
  return out;
}
