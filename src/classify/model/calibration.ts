import { sigmoid } from './sparse.ts';

/**
 * Platt scaling: p = σ(a·margin + b) fitted by gradient descent on held-out margins, so that "0.8" means about
 * four in five such tags are right. One scaler for all labels of a dimension: ten positives per item are too few
 * to calibrate each item alone.
 */
export function fitPlatt(margins: readonly number[], labels: readonly boolean[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  const n = margins.length;
  if (n === 0 || !labels.some(Boolean)) return { a, b };
  for (let iter = 0; iter < 300; iter++) {
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const m = margins[i] ?? 0;
      const g = sigmoid(a * m + b) - (labels[i] ? 1 : 0);
      ga += g * m;
      gb += g;
    }
    a -= (0.5 * ga) / n;
    b -= (0.5 * gb) / n;
  }
  return { a: Number(a.toFixed(4)), b: Number(b.toFixed(4)) };
}

/** The probability cut-off with the best micro-F1 over held-out (probability, truth) pairs. */
export function bestThreshold(probs: readonly number[], labels: readonly boolean[], fallback = 0.5): number {
  let best = fallback;
  let bestF1 = -1;
  for (let t = 0.05; t <= 0.9 + 1e-9; t += 0.025) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    probs.forEach((p, i) => {
      const predicted = p >= t;
      if (predicted && labels[i]) tp++;
      else if (predicted) fp++;
      else if (labels[i]) fn++;
    });
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1;
      best = Number(t.toFixed(3));
    }
  }
  return best;
}

/**
 * Two cut-offs with the best micro-F1 together: one for labels whose keywords occur in the passage, one for labels
 * the model proposes without any such word (those need more, or the model guesses from the general vocabulary).
 */
export function bestThresholdPair(
  probs: readonly number[],
  labels: readonly boolean[],
  evidence: readonly boolean[],
  fallback = 0.5,
): { withEvidence: number; withoutEvidence: number } {
  const grid: number[] = [];
  for (let t = 0.05; t <= 0.9 + 1e-9; t += 0.025) grid.push(Number(t.toFixed(3)));
  // Per cut-off, the tp/fp/fn contributed by each group; F1 of a pair is then a sum of two lookups. One pass over
  // the probabilities: each falls in the bin of the highest cut-off it reaches, and suffix sums give the counts.
  const count = (group: boolean) => {
    const pos = new Float64Array(grid.length);
    const neg = new Float64Array(grid.length);
    let positives = 0;
    probs.forEach((p, i) => {
      if (evidence[i] !== group) return;
      if (labels[i]) positives++;
      const bin = highestReached(grid, p);
      if (bin < 0) return;
      if (labels[i]) pos[bin] = (pos[bin] ?? 0) + 1;
      else neg[bin] = (neg[bin] ?? 0) + 1;
    });
    const out = grid.map(() => ({ tp: 0, fp: 0, fn: 0 }));
    let tp = 0;
    let fp = 0;
    for (let j = grid.length - 1; j >= 0; j--) {
      tp += pos[j] ?? 0;
      fp += neg[j] ?? 0;
      out[j] = { tp, fp, fn: positives - tp };
    }
    return out;
  };
  const withE = count(true);
  const withoutE = count(false);
  let best = { withEvidence: fallback, withoutEvidence: fallback };
  let bestF1 = -1;
  withE.forEach((a, i) =>
    withoutE.forEach((b, j) => {
      const tp = a.tp + b.tp;
      const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + a.fp + b.fp + a.fn + b.fn);
      if (f1 > bestF1 + 1e-9) {
        bestF1 = f1;
        best = { withEvidence: grid[i] ?? fallback, withoutEvidence: grid[j] ?? fallback };
      }
    }),
  );
  return best;
}

/** Index of the highest cut-off in the ascending grid that p reaches, −1 when below all. */
function highestReached(grid: readonly number[], p: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((grid[mid] ?? Infinity) <= p) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Softmax temperature with the lowest held-out log-loss, from a small grid. */
export function fitTemperature(logits: readonly number[][], truth: readonly number[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (const t of [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3]) {
    let loss = 0;
    logits.forEach((z, i) => {
      const max = Math.max(...z);
      const exps = z.map((x) => Math.exp((x - max) / t));
      const sum = exps.reduce((s, x) => s + x, 0);
      loss -= Math.log(Math.max(1e-12, (exps[truth[i] ?? 0] ?? 0) / sum));
    });
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}
