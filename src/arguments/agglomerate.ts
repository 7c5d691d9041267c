/** What average-linkage clustering starts from. */
export interface AgglomerationInput {
  /** Number of passages. */
  n: number;
  /** Similarity of passages i and j at i * n + j (symmetric). */
  similarity: Float32Array;
  /** Groups that start (and stay) together, each passage in at most one: near-duplicates, reviewed arguments. */
  seeds: readonly (readonly number[])[];
  /** Per seed: true for a reviewed argument. Two of those never merge (reviewers keep them apart). */
  anchored: readonly boolean[];
  /** Clusters merge while their average similarity is at least this. */
  threshold: number;
}

export interface Cluster {
  members: number[];
  /** Index of the anchored seed inside, or -1. */
  anchor: number;
}

/**
 * Agglomerative clustering with average linkage (UPGMA): repeatedly merge the two most similar clusters, the
 * similarity of clusters being the mean over their passage pairs, until no pair reaches the threshold. Average
 * linkage neither chains unrelated passages through one bridge (single linkage) nor splits a broad point (complete
 * linkage). Each cluster caches its best partner, so a merge costs O(n) rather than a full scan. Ties go to the lower
 * index: with passages sorted by id the result is the same on every run.
 */
export function agglomerate(input: AgglomerationInput): Cluster[] {
  const seeds = seedsCoveringAll(input);
  const m = seeds.length;
  const sim = new Float32Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = a + 1; b < m; b++) {
      const s = meanSimilarity(input, seeds[a]!, seeds[b]!);
      sim[a * m + b] = s;
      sim[b * m + a] = s;
    }
  const size = Int32Array.from(seeds, (s) => s.length);
  const anchor = Int32Array.from(seeds, (_, i) => (input.anchored[i] ? i : -1));
  const active = new Uint8Array(m).fill(1);
  const members: number[][] = seeds.map((s) => [...s]);
  const best = new Int32Array(m).fill(-1);
  const bestSim = new Float64Array(m).fill(-Infinity);
  const allowed = (a: number, b: number) => (anchor[a]! < 0 || anchor[b]! < 0) && a !== b;
  const findBest = (a: number) => {
    best[a] = -1;
    bestSim[a] = -Infinity;
    for (let b = 0; b < m; b++)
      if (active[b] && allowed(a, b) && sim[a * m + b]! > bestSim[a]!) {
        bestSim[a] = sim[a * m + b]!;
        best[a] = b;
      }
  };
  for (let a = 0; a < m; a++) findBest(a);

  for (;;) {
    let a = -1;
    for (let i = 0; i < m; i++) if (active[i] && best[i]! >= 0 && (a < 0 || bestSim[i]! > bestSim[a]!)) a = i;
    if (a < 0 || bestSim[a]! < input.threshold) break;
    const b = best[a]!;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const total = size[lo]! + size[hi]!;
    for (let k = 0; k < m; k++) {
      if (!active[k] || k === lo || k === hi) continue;
      const s = (size[lo]! * sim[lo * m + k]! + size[hi]! * sim[hi * m + k]!) / total;
      sim[lo * m + k] = s;
      sim[k * m + lo] = s;
    }
    size[lo] = total;
    if (anchor[lo]! < 0) anchor[lo] = anchor[hi]!;
    members[lo]!.push(...members[hi]!);
    active[hi] = 0;
    findBest(lo);
    for (let k = 0; k < m; k++) {
      if (!active[k] || k === lo) continue;
      if (best[k] === lo || best[k] === hi) findBest(k);
      else if (allowed(k, lo) && sim[k * m + lo]! > bestSim[k]!) {
        bestSim[k] = sim[k * m + lo]!;
        best[k] = lo;
      }
    }
  }
  const out: Cluster[] = [];
  for (let i = 0; i < m; i++)
    if (active[i]) out.push({ members: members[i]!.sort((x, y) => x - y), anchor: anchor[i]! });
  return out;
}

/** The given seeds (an anchored seed may be empty: a reviewed argument whose passages all left) plus a singleton
 * for every passage no seed holds. */
function seedsCoveringAll(input: AgglomerationInput): number[][] {
  const seen = new Uint8Array(input.n);
  const seeds = input.seeds.map((s) => {
    for (const i of s) seen[i] = 1;
    return [...s];
  });
  for (let i = 0; i < input.n; i++) if (!seen[i]) seeds.push([i]);
  return seeds;
}

function meanSimilarity(input: AgglomerationInput, a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return -Infinity;
  let sum = 0;
  for (const i of a) for (const j of b) sum += input.similarity[i * input.n + j]!;
  return sum / (a.length * b.length);
}
