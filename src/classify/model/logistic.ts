import { dot, seededRandom, shuffled, sigmoid, type SparseRow } from './sparse.ts';

export interface LogisticOptions {
  epochs: number;
  /** L2 penalty per update: keeps weights of rare words small on a few hundred examples. */
  l2: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_LOGISTIC: LogisticOptions = { epochs: 15, l2: 1e-3, learningRate: 2, seed: 20240917 };

export interface BinaryWeights {
  w: Float64Array;
  bias: number;
}

/**
 * One-vs-rest logistic regression by plain SGD over sparse rows, deterministic (seeded order). Positives are
 * weighted up to the negatives' share: an item has ten examples among five hundred, and unweighted it would learn
 * to say "no" to everything.
 */
export function trainBinary(
  rows: readonly SparseRow[],
  labels: readonly boolean[],
  dims: number,
  opts: LogisticOptions,
  /** Per row, how much its error counts (reviewer examples more than the corpus); absent: 1 each. */
  weights?: readonly number[],
): BinaryWeights {
  const w = new Float64Array(dims);
  let bias = 0;
  const positives = labels.filter(Boolean).length;
  if (positives === 0) return { w, bias: -4 };
  const posWeight = Math.min(10, Math.sqrt((labels.length - positives) / positives));
  const random = seededRandom(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const rate = opts.learningRate / (1 + epoch * 0.2);
    for (const i of shuffled(rows.length, random)) {
      const row = rows[i] as SparseRow;
      const y = labels[i] ? 1 : 0;
      const g = (sigmoid(dot(w, row) + bias) - y) * (y ? posWeight : 1) * (weights?.[i] ?? 1);
      const step = rate * g * row.val;
      const decay = 1 - rate * opts.l2;
      const idx = row.idx;
      for (let k = 0; k < idx.length; k++) {
        const f = idx[k] as number;
        w[f] = (w[f] as number) * decay - step;
      }
      bias -= rate * g * 0.1;
    }
  }
  return { w, bias };
}

export interface SoftmaxWeights {
  /** classes × dims, row-major. */
  w: Float64Array;
  bias: Float64Array;
  classes: number;
}

/** Multinomial logistic regression (exactly one class per example), same schedule as the binary one. */
export function trainSoftmax(
  rows: readonly SparseRow[],
  labels: readonly number[],
  classes: number,
  dims: number,
  opts: LogisticOptions,
  weights?: readonly number[],
): SoftmaxWeights {
  const w = new Float64Array(classes * dims);
  const bias = new Float64Array(classes);
  const random = seededRandom(opts.seed);
  const p = new Float64Array(classes);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const rate = opts.learningRate / (1 + epoch * 0.2);
    for (const i of shuffled(rows.length, random)) {
      const row = rows[i] as SparseRow;
      softmaxInto(p, w, bias, row, dims);
      const weight = weights?.[i] ?? 1;
      for (let c = 0; c < classes; c++) {
        const g = ((p[c] ?? 0) - (labels[i] === c ? 1 : 0)) * weight;
        const step = rate * g * row.val;
        const off = c * dims;
        const decay = 1 - rate * opts.l2;
        const idx = row.idx;
        for (let k = 0; k < idx.length; k++) {
          const f = off + (idx[k] as number);
          w[f] = (w[f] as number) * decay - step;
        }
        bias[c] = (bias[c] ?? 0) - rate * g * 0.1;
      }
    }
  }
  return { w, bias, classes };
}

export function softmaxInto(
  out: Float64Array,
  w: Float64Array,
  bias: Float64Array,
  row: SparseRow,
  dims: number,
): void {
  let max = -Infinity;
  for (let c = 0; c < out.length; c++) {
    const z = dot(w, row, c * dims) + (bias[c] ?? 0);
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < out.length; c++) {
    const e = Math.exp((out[c] ?? 0) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < out.length; c++) out[c] = (out[c] ?? 0) / sum;
}
