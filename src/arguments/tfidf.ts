/** A sparse vector: term indices ascending, weights L2-normalised (an all-zero vector has no entries). */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Term index of a corpus and each term's inverse document frequency. */
export interface TermSpace {
  index: ReadonlyMap<string, number>;
  idf: Float64Array;
}

/** Smoothed idf (as scikit-learn's), so a term in every passage still weighs a little, and none weighs infinity. */
export function termSpace(corpus: readonly ReadonlyMap<string, number>[]): TermSpace {
  const index = new Map<string, number>();
  const df: number[] = [];
  // Terms are numbered in sorted order, so the space does not depend on the order passages arrive in.
  const terms = new Set<string>();
  for (const doc of corpus) for (const t of doc.keys()) terms.add(t);
  for (const t of [...terms].sort()) {
    index.set(t, df.length);
    df.push(0);
  }
  for (const doc of corpus) for (const t of doc.keys()) df[index.get(t) as number]! += 1;
  const n = corpus.length;
  return { index, idf: Float64Array.from(df, (d) => Math.log((n + 1) / (d + 1)) + 1) };
}

/** Sublinear term frequency × idf, normalised to unit length; terms outside the space are dropped. */
export function tfidfVector(weights: ReadonlyMap<string, number>, space: TermSpace): SparseVector {
  const entries: [number, number][] = [];
  for (const [term, w] of weights) {
    const i = space.index.get(term);
    if (i === undefined || w <= 0) continue;
    const tf = w >= 1 ? 1 + Math.log(w) : w;
    entries.push([i, tf * (space.idf[i] ?? 0)]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const norm = Math.hypot(...entries.map((e) => e[1]));
  return {
    indices: Int32Array.from(entries, (e) => e[0]),
    values: Float32Array.from(entries, (e) => (norm > 0 ? e[1] / norm : 0)),
  };
}

/** Cosine similarity of two unit vectors: a merge over their sorted indices. */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i] as number;
    const y = b.indices[j] as number;
    if (x === y) sum += (a.values[i++] as number) * (b.values[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return sum;
}
