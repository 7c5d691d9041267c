import type { TrainingExample } from '../training-example.ts';
import { fitHeads, type HeadLabels } from './fit-heads.ts';
import { softmaxInto, type BinaryWeights, type LogisticOptions } from './logistic.ts';
import { dot, seededRandom, shuffled, type SparseRow } from './sparse.ts';
import type { TrainingData } from './training-data.ts';

/** One binary dimension's held-out margins, `perExample` labels per example in a row. */
export interface LabelHeldOut {
  margins: number[];
  truth: boolean[];
  /** Whether the label's keywords occurred in the passage (its `kw:` feature). */
  evidence: boolean[];
  perExample: number;
}

/** Every head's predictions on the examples it did not train on, which calibration and cut-offs are chosen from. */
export interface HeldOut {
  items: LabelHeldOut;
  gate: LabelHeldOut;
  /** Per example the gate saw, the group head's probabilities. */
  groups: number[][];
  /** Per example the gate saw, whether it is boilerplate. */
  formalities: boolean[];
  boilerplate: LabelHeldOut;
  topics: LabelHeldOut;
  stance: { logits: number[][]; truth: number[] };
  /** Which example each held-out row came from: per gate (and items) row, per topics row, per stance row. */
  exampleOf: { items: number[]; topics: number[]; stance: number[] };
}

export type Progress = (stage: string, done: number, total: number) => void;

/**
 * k-fold cross-validation over the labelled examples (seeded fold assignment); the taxonomy's own examples are in
 * every training fold and never held out.
 */
export function crossValidate(
  data: TrainingData,
  labels: HeadLabels,
  folds: number,
  opts: LogisticOptions,
  progress: Progress,
  stage = 'cross-validation',
): HeldOut {
  const featureIndex = new Map(data.features.map((f, i) => [f, i]));
  const order = shuffled(data.labelledCount, seededRandom(opts.seed + 1));
  const foldOf = new Int32Array(data.labelledCount);
  order.forEach((example, position) => (foldOf[example] = position % folds));
  const out: HeldOut = {
    items: { margins: [], truth: [], evidence: [], perExample: labels.items.length },
    gate: { margins: [], truth: [], evidence: [], perExample: 1 },
    groups: [],
    formalities: [],
    boilerplate: { margins: [], truth: [], evidence: [], perExample: 1 },
    topics: { margins: [], truth: [], evidence: [], perExample: labels.topics.length },
    stance: { logits: [], truth: [] },
    exampleOf: { items: [], topics: [], stance: [] },
  };
  for (let k = 0; k < folds; k++) {
    progress(stage, k, folds);
    const train = Array.from({ length: data.rows.length }, (_, i) => i).filter(
      (i) => i >= data.labelledCount || foldOf[i] !== k,
    );
    const heads = fitHeads(data, train, labels, opts);
    for (let i = 0; i < data.labelledCount; i++) {
      if (foldOf[i] !== k) continue;
      const e = data.examples[i] as TrainingExample;
      const row = data.rows[i] as SparseRow;
      const present = new Set(row.idx);
      const collect = (
        target: LabelHeldOut,
        weights: BinaryWeights[],
        names: string[],
        truth: string[] | undefined,
      ) => {
        if (!truth) return;
        weights.forEach((w, c) => {
          target.margins.push(dot(w.w, row) + w.bias);
          target.truth.push(truth.includes(names[c] as string));
          target.evidence.push(present.has(featureIndex.get(`kw:${names[c] ?? ''}`) ?? -1));
        });
      };
      collect(out.items, heads.items, labels.items, e.items);
      if (e.items) {
        out.gate.margins.push(dot(heads.gate.w, row) + heads.gate.bias);
        out.gate.truth.push(e.items.length > 0);
        out.gate.evidence.push(true);
        out.formalities.push(e.boilerplate === true);
        const p = new Float64Array(labels.groups.labels.length);
        softmaxInto(p, heads.groups.w, heads.groups.bias, row, data.dims);
        out.groups.push([...p]);
        out.exampleOf.items.push(i);
      }
      collect(out.topics, heads.topics, labels.topics, e.topics);
      if (e.topics) out.exampleOf.topics.push(i);
      if (e.boilerplate !== undefined) {
        out.boilerplate.margins.push(dot(heads.boilerplate.w, row) + heads.boilerplate.bias);
        out.boilerplate.truth.push(e.boilerplate);
        out.boilerplate.evidence.push(true);
      }
      const s = labels.stances.indexOf(e.stance ?? '');
      if (s >= 0) {
        const stanceRow = data.stanceRows[i] as SparseRow;
        out.stance.logits.push(
          labels.stances.map((_, c) => dot(heads.stance.w, stanceRow, c * data.dims) + (heads.stance.bias[c] ?? 0)),
        );
        out.stance.truth.push(s);
        out.exampleOf.stance.push(i);
      }
    }
  }
  progress(stage, folds, folds);
  return out;
}
