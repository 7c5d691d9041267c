/**
 * A feature vector: the indices of the features present and, per index, its value. A feature's value is its weight
 * (its IDF: rare words say more than "Landkreis") over the row's length, so every row has unit length.
 */
export interface SparseRow {
  idx: Int32Array;
  val: Float32Array;
}

/** Per feature index, its weight; absent (models trained before weights), every feature weighs 1. */
export type FeatureWeights = Float32Array | null;

/** The known features' indices as a row (unknown names are skipped); names are distinct, so indices are too. */
export function rowOf(features: readonly string[], index: ReadonlyMap<string, number>, weights: FeatureWeights = null): SparseRow {
  const idx = new Int32Array(features.length);
  let n = 0;
  for (const f of features) {
    const i = index.get(f);
    if (i !== undefined) idx[n++] = i;
  }
  return rowFromIds(idx.subarray(0, n).sort(), weights);
}

/** A row from distinct, ascending indices, of unit length. */
export function rowFromIds(idx: Int32Array, weights: FeatureWeights = null): SparseRow {
  const val = new Float32Array(idx.length);
  let sum = 0;
  for (let k = 0; k < idx.length; k++) {
    const x = weights ? (weights[idx[k] as number] ?? 1) : 1;
    val[k] = x;
    sum += x * x;
  }
  const norm = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let k = 0; k < val.length; k++) val[k] = (val[k] as number) * norm;
  return { idx, val };
}

/** The row with only the features `keep` marks, normalised again (a head trained on a subset sees only that). */
export function restrictRow(row: SparseRow, keep: Uint8Array): SparseRow {
  let n = 0;
  for (let k = 0; k < row.idx.length; k++) if (keep[row.idx[k] as number] === 1) n++;
  const idx = new Int32Array(n);
  const val = new Float32Array(n);
  let sum = 0;
  for (let k = 0, j = 0; k < row.idx.length; k++) {
    if (keep[row.idx[k] as number] !== 1) continue;
    const x = row.val[k] as number;
    idx[j] = row.idx[k] as number;
    val[j++] = x;
    sum += x * x;
  }
  const norm = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let j = 0; j < n; j++) val[j] = (val[j] as number) * norm;
  return { idx, val };
}

export function dot(w: Float64Array, row: SparseRow, offset = 0): number {
  let s = 0;
  const { idx, val } = row;
  // Indexed loop and unchecked reads: this is the innermost loop of training and prediction.
  for (let k = 0; k < idx.length; k++) s += (w[offset + (idx[k] as number)] as number) * (val[k] as number);
  return s;
}

/** mulberry32: a small seeded generator, so training visits examples in the same order on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
