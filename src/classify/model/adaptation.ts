import type { SparseRow } from './sparse.ts';

/**
 * Feature augmentation for the consultation's own language ("frustratingly easy domain adaptation", Daumé III 2007):
 * each feature of a reviewer or imported example also appears as a copy `rv:<feature>`; corpus lines have only the
 * shared features. A head then learns shared weights from everything and, on the copies, corrections that only the
 * reviewers' passages support, under the same regularisation — instead of every reviewer example pulling on weights
 * that thousands of corpus lines hold in place. Every passage classified in a consultation is of the reviewers'
 * kind, so prediction adds the copies of a passage's features wherever the model has them.
 */
export const COPY_PREFIX = 'rv:';

export const isCopy = (feature: string): boolean => feature.startsWith(COPY_PREFIX);

/** The features with their copies appended. */
export const withCopyNames = (features: readonly string[]): string[] => [
  ...features,
  ...features.map((f) => COPY_PREFIX + f),
];

/** Per feature index, the index of its copy (−1: none); null when the model has no copies at all. */
export function copyIndex(features: readonly string[]): Int32Array | null {
  const at = new Map(features.map((f, i) => [f, i]));
  const out = new Int32Array(features.length).fill(-1);
  let any = false;
  features.forEach((f, i) => {
    const copy = isCopy(f) ? undefined : at.get(COPY_PREFIX + f);
    if (copy !== undefined) {
      out[i] = copy;
      any = true;
    }
  });
  return any ? out : null;
}

/**
 * A passage's row with the copies of its features added. The scale stays that of the shared features (1/√n of
 * them): a copy adds a correction to a feature's weight, it does not thin out the passage's other features.
 */
export function addCopies(row: SparseRow, copies: Int32Array): SparseRow {
  const extra: number[] = [];
  for (const i of row.idx) {
    const c = copies[i] ?? -1;
    if (c >= 0) extra.push(c);
  }
  if (extra.length === 0) return row;
  const idx = new Int32Array(row.idx.length + extra.length);
  idx.set(row.idx);
  idx.set(extra, row.idx.length);
  return { idx: idx.sort(), val: row.val };
}
