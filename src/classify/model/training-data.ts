import type { Taxonomy } from '../../core/types.ts';
import { featureExtractor, stanceFeatureMask } from '../features.ts';
import { taxonomyExamples, type TrainingExample } from '../training-example.ts';
import { restrictRow, rowOf, type SparseRow } from './sparse.ts';

const MIN_FEATURE_COUNT = 2;

/** The training examples as sparse feature rows, with the feature index they share. */
export interface TrainingData {
  rows: SparseRow[];
  /** The same rows restricted to the features the stance head uses. */
  stanceRows: SparseRow[];
  examples: TrainingExample[];
  /** Index of the first taxonomy example; those are always trained on, never held out. */
  labelledCount: number;
  dims: number;
  features: string[];
}

/** The labelled examples followed by the taxonomy's own, as rows over the features seen often enough. */
export function trainingData(taxonomy: Taxonomy, labelled: readonly TrainingExample[]): TrainingData {
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
