import type { Taxonomy } from '../../core/types.ts';
import { featureExtractor, type FeatureExtractor } from '../features.ts';
import type { ClassifierModel, MultiLabelHead, SoftmaxHead } from './classifier-model.ts';
import { softmaxInto } from './logistic.ts';
import { dot, sigmoid, toSparseRow, type SparseRow } from './sparse.ts';

/** What the model says about one text: a calibrated probability per item and topic, a distribution over stances. */
export interface ModelPrediction {
  items: Map<string, number>;
  topics: Map<string, number>;
  stance: Map<string, number>;
  /** Items and topics whose keywords occur in the text. */
  evidence: Set<string>;
}

/** Calibrated cut-offs from training; a label without keyword evidence has its own (usually higher) one. */
export interface Thresholds {
  item: number;
  itemWithoutEvidence: number;
  topic: number;
  topicWithoutEvidence: number;
}

export interface Predictor {
  version: string;
  thresholds: Thresholds;
  predict(text: string): ModelPrediction;
  /** Only the sparse row, for callers that score many heads (training's cross-validation). */
  featurize(text: string): SparseRow;
}

const cache = new WeakMap<ClassifierModel, Map<Taxonomy, Predictor>>();
const ANY = new Set(['*']);

/** Dense weights built once per model and taxonomy; predicting is then a few thousand multiply-adds per passage. */
export function predictorFor(model: ClassifierModel, taxonomy: Taxonomy): Predictor {
  let byTaxonomy = cache.get(model);
  if (!byTaxonomy) cache.set(model, (byTaxonomy = new Map()));
  const cached = byTaxonomy.get(taxonomy);
  if (cached) return cached;
  const known = new Set([...taxonomy.items, ...taxonomy.topics, ...taxonomy.stances].map((x) => x.id));
  const predictor = buildPredictor(model, featureExtractor(taxonomy), known);
  byTaxonomy.set(taxonomy, predictor);
  return predictor;
}

/** Labels the taxonomy no longer has (renamed, removed) are never predicted; a retrain learns the new ones. */
function buildPredictor(model: ClassifierModel, extract: FeatureExtractor, known: ReadonlySet<string>): Predictor {
  const index = new Map(model.features.map((f, i) => [f, i]));
  const dims = model.features.length;
  const items = denseHead(model.items, dims);
  const gate = denseHead(model.items.gate, dims);
  const topics = denseHead(model.topics, dims);
  const stance = denseHead(model.stance, dims);
  const featurize = (text: string) => toSparseRow(extract(text).flatMap((f) => index.get(f) ?? []));
  const probs = new Float64Array(model.stance.labels.length);
  const bias = Float64Array.from(model.stance.bias.map((b) => b / model.stance.temperature));
  const scaled = stance.w.map((x) => x / model.stance.temperature);
  return {
    version: model.version,
    thresholds: {
      item: model.items.threshold,
      itemWithoutEvidence: model.items.thresholdWithoutEvidence,
      topic: model.topics.threshold,
      topicWithoutEvidence: model.topics.thresholdWithoutEvidence,
    },
    featurize,
    predict(text) {
      const features = extract(text);
      const row = toSparseRow(features.flatMap((f) => index.get(f) ?? []));
      const evidence = new Set(features.filter((f) => f.startsWith('kw:')).map((f) => f.slice(3)));
      softmaxInto(probs, scaled, bias, row, dims);
      return {
        // A passage the gate finds content-free (greeting, Fehlanzeige, formalities) gets no item from the model.
        items: (scoreMultiLabel(model.items.gate, gate, row, dims, ANY).get('*') ?? 0) >= model.items.gate.threshold
          ? scoreMultiLabel(model.items, items, row, dims, known)
          : new Map(),
        topics: scoreMultiLabel(model.topics, topics, row, dims, known),
        stance: new Map(model.stance.labels.flatMap((l, c) => (known.has(l) ? [[l, probs[c] ?? 0] as const] : []))),
        evidence,
      };
    },
  };
}

function denseHead(head: MultiLabelHead | SoftmaxHead, dims: number) {
  const w = new Float64Array(head.labels.length * dims);
  head.weights.forEach((pairs, c) => {
    for (const [f, x] of pairs) w[c * dims + f] = x;
  });
  return { w };
}

function scoreMultiLabel(head: MultiLabelHead, dense: { w: Float64Array }, row: SparseRow, dims: number, known: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  head.labels.forEach((label, c) => {
    if (!known.has(label)) return;
    const margin = dot(dense.w, row, c * dims) + (head.bias[c] ?? 0);
    out.set(label, sigmoid(head.platt.a * margin + head.platt.b));
  });
  return out;
}
