import type { SparseVector } from './tfidf.ts';

/** A latent semantic space: per term (by index) its coordinates along the corpus's k strongest co-occurrence axes. */
export interface LsaSpace {
  dimensions: number;
  /** terms × dimensions, row-major: V_k, so a passage's coordinates (x·V_k = its row of U_k Σ_k) are the weighted
   * sum of its terms' rows. */
  termAxes: Float64Array;
  terms: number;
}

/**
 * Truncated SVD of the passages × terms TF-IDF matrix by the randomized range finder of Halko, Martinsson and Tropp
 * (2011), with two power iterations. Terms that co-occur across the corpus ("Botschaft", "Konsulat", "Vertretung")
 * end up near each other, so two passages that say the same in different words get close although they share no
 * word: what TF-IDF alone misses on paraphrase. The random matrix comes from a seeded generator, so the same corpus
 * always yields the same space.
 */
export function lsaSpace(rows: readonly SparseVector[], terms: number, dimensions: number): LsaSpace {
  const l = Math.min(dimensions + 10, rows.length, terms);
  const random = seededNormal(0x5eed);
  const omega = new Float64Array(terms * l).map(() => random());
  let y = multiply(rows, omega, l); // passages × l
  orthonormalize(y, rows.length, l);
  for (let q = 0; q < 2; q++) {
    const z = multiplyTransposed(rows, y, l, terms); // terms × l
    orthonormalize(z, terms, l);
    y = multiply(rows, z, l);
    orthonormalize(y, rows.length, l);
  }
  // B = Qᵀ X (l × terms), kept transposed as Bᵀ = Xᵀ Q (terms × l); its small Gram matrix B Bᵀ gives the axes.
  const bt = multiplyTransposed(rows, y, l, terms);
  const gram = new Float64Array(l * l);
  for (let t = 0; t < terms; t++)
    for (let i = 0; i < l; i++) {
      const v = bt[t * l + i]!;
      if (v === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j]! += v * bt[t * l + j]!;
    }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]!;
  const { values, vectors } = symmetricEigen(gram, l);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, Math.min(dimensions, l));
  const k = order.length;
  // V = Bᵀ U_B Σ⁻¹; axes with (numerically) no weight are left at zero.
  const termAxes = new Float64Array(terms * k);
  for (let d = 0; d < k; d++) {
    const col = order[d]!;
    const sigma = Math.sqrt(Math.max(0, values[col]!));
    if (sigma < 1e-9) continue;
    for (let t = 0; t < terms; t++) {
      let s = 0;
      for (let i = 0; i < l; i++) s += bt[t * l + i]! * vectors[i * l + col]!;
      termAxes[t * k + d] = s / sigma;
    }
  }
  return { dimensions: k, termAxes, terms };
}

/** A passage's unit vector in the latent space (empty when none of its terms is known there). */
export function projectLsa(space: LsaSpace, v: SparseVector): Float64Array {
  const k = space.dimensions;
  const out = new Float64Array(k);
  for (let n = 0; n < v.indices.length; n++) {
    const t = v.indices[n]!;
    if (t >= space.terms) continue;
    const w = v.values[n]!;
    for (let d = 0; d < k; d++) out[d]! += w * space.termAxes[t * k + d]!;
  }
  const norm = Math.hypot(...out);
  if (norm > 0) for (let d = 0; d < k; d++) out[d]! /= norm;
  return out;
}

export function dense(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** X · M for sparse rows X and dense M (terms × l): passages × l. */
function multiply(rows: readonly SparseVector[], m: Float64Array, l: number): Float64Array {
  const out = new Float64Array(rows.length * l);
  rows.forEach((r, i) => {
    for (let n = 0; n < r.indices.length; n++) {
      const t = r.indices[n]!;
      const w = r.values[n]!;
      for (let j = 0; j < l; j++) out[i * l + j]! += w * m[t * l + j]!;
    }
  });
  return out;
}

/** Xᵀ · M for sparse rows X and dense M (passages × l): terms × l. */
function multiplyTransposed(rows: readonly SparseVector[], m: Float64Array, l: number, terms: number): Float64Array {
  const out = new Float64Array(terms * l);
  rows.forEach((r, i) => {
    for (let n = 0; n < r.indices.length; n++) {
      const t = r.indices[n]!;
      const w = r.values[n]!;
      for (let j = 0; j < l; j++) out[t * l + j]! += w * m[i * l + j]!;
    }
  });
  return out;
}

/** Modified Gram–Schmidt on the l columns of an n × l matrix, in place; a column that vanishes stays zero. */
function orthonormalize(a: Float64Array, n: number, l: number): void {
  for (let j = 0; j < l; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += a[i * l + j]! * a[i * l + p]!;
      for (let i = 0; i < n; i++) a[i * l + j]! -= dot * a[i * l + p]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a[i * l + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) a[i * l + j] = norm > 1e-12 ? a[i * l + j]! / norm : 0;
  }
}

/** Cyclic Jacobi rotations for a small symmetric matrix: eigenvalues and eigenvectors (columns of `vectors`). */
function symmetricEigen(input: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

/** Standard normal numbers from a seeded mulberry32 generator (Box–Muller). */
function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-300)) * Math.cos(2 * Math.PI * uniform());
}
