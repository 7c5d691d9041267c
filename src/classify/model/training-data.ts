import type { Taxonomy } from '../../core/types.ts';
import { featureExtractor, stanceFeatureMask } from '../features.ts';
import { taxonomyExamples, type TrainingExample } from '../training-example.ts';
import { restrictRow, rowOf, type SparseRow } from './sparse.ts';
import { addCopies, copyIndex, isCopy, withCopyNames } from './adaptation.ts';

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

/**
 * The labelled examples followed by the taxonomy's own, as rows over the features seen often enough. With
 * `adaptFrom`, the labelled examples from that index on (the reviewers' and imported ones) also carry the copies of
 * their features (adaptation.ts); a copy, too, is kept only when seen in two passages.
 */
export function trainingData(
  taxonomy: Taxonomy,
  labelled: readonly TrainingExample[],
  opts: { adaptFrom?: number } = {},
): TrainingData {
  const extract = featureExtractor(taxonomy);
  const examples = [...labelled, ...taxonomyExamples(taxonomy)];
  const adapting = (i: number) => opts.adaptFrom !== undefined && i >= opts.adaptFrom && i < labelled.length;
  const featureLists = examples.map((e, i) => (adapting(i) ? withCopyNames(extract(e.text)) : extract(e.text)));
  // A feature seen in one passage only cannot generalise; dropping those halves the model. The taxonomy's own words
  // stay, since on day one they are all there is.
  const seen = new Map<string, number>();
  featureLists.forEach((list, i) => {
    for (const f of list) seen.set(f, (seen.get(f) ?? 0) + (i >= labelled.length ? MIN_FEATURE_COUNT : 1));
  });
  const index = new Map<string, number>();
  for (const list of featureLists)
    for (const f of list) if ((seen.get(f) ?? 0) >= MIN_FEATURE_COUNT && !index.has(f)) index.set(f, index.size);
  const copies = copyIndex([...index.keys()]);
  const rows = featureLists.map((list, i) => {
    if (!copies || !adapting(i)) return rowOf(list, index);
    return addCopies(
      rowOf(
        list.filter((f) => !isCopy(f)),
        index,
      ),
      copies,
    );
  });
  const keep = stanceFeatureMask([...index.keys()]);
  const stanceRows = rows.map((r) => restrictRow(r, keep));
  return { rows, stanceRows, examples, labelledCount: labelled.length, dims: index.size, features: [...index.keys()] };
}

/** The same data without the copies (rows as a model without adaptation sees them), over the same feature index. */
export function withoutCopies(data: TrainingData): TrainingData {
  const shared = Uint8Array.from(data.features, (f) => (isCopy(f) ? 0 : 1));
  return { ...data, rows: data.rows.map((r) => restrictRow(r, shared)) };
}
