/** A binary feature vector: the indices of the features present, each with the same weight (1/√n, unit length). */
export interface SparseRow {
  idx: Int32Array;
  val: number;
}

/** The known features' indices as a row (unknown names are skipped); names are distinct, so indices are too. */
export function rowOf(features: readonly string[], index: ReadonlyMap<string, number>): SparseRow {
  const idx = new Int32Array(features.length);
  let n = 0;
  for (const f of features) {
    const i = index.get(f);
    if (i !== undefined) idx[n++] = i;
  }
  const row = idx.subarray(0, n).sort();
  return { idx: row, val: n > 0 ? 1 / Math.sqrt(n) : 0 };
}

/** A row from distinct, ascending indices. */
export const rowFromIds = (idx: Int32Array): SparseRow => ({
  idx,
  val: idx.length > 0 ? 1 / Math.sqrt(idx.length) : 0,
});

/** The row with only the features `keep` marks, normalised again (a head trained on a subset sees only that). */
export function restrictRow(row: SparseRow, keep: Uint8Array): SparseRow {
  const idx = row.idx.filter((f) => keep[f] === 1);
  return { idx, val: idx.length > 0 ? 1 / Math.sqrt(idx.length) : 0 };
}

export function dot(w: Float64Array, row: SparseRow, offset = 0): number {
  let s = 0;
  const idx = row.idx;
  // Indexed loop and unchecked reads: this is the innermost loop of training and prediction.
  for (let k = 0; k < idx.length; k++) s += w[offset + (idx[k] as number)] as number;
  return s * row.val;
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
