import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { addCopies, COPY_PREFIX, copyIndex, isCopy } from '../../src/classify/model/adaptation.ts';
import { predictorFor } from '../../src/classify/model/predict.ts';
import { rowFromIds, type SparseRow } from '../../src/classify/model/sparse.ts';
import { trainClassifierModel } from '../../src/classify/model/train-model.ts';
import { trainingData, withoutCopies } from '../../src/classify/model/training-data.ts';
import type { TrainingExample } from '../../src/classify/training-example.ts';

const pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');

/** A corpus line and a reviewer's passage that share words; the reviewer's words occur twice so copies are kept. */
const corpus: TrainingExample[] = [
  { text: 'Die Abschiebungshaft sollte erleichtert werden.', items: ['A1-HAFT'], stance: 'vorschlag' },
  { text: 'Die Abschiebungshaft ist zu eng geregelt.', items: ['A1-HAFT'], stance: 'ablehnung' },
];
const reviewers: TrainingExample[] = [
  { text: '- Heimreisedok. Nigeria: Wartezeit 5 Mon.', items: ['A2-PEP'], topics: ['X-HERKUNFTSLAENDER'] },
  { text: '- Heimreisedok. Ghana: Wartezeit 7 Mon.', items: ['A2-PEP'], topics: ['X-HERKUNFTSLAENDER'] },
];

const names = (row: SparseRow, features: readonly string[]) => [...row.idx].map((i) => features[i]).sort();

describe('reviewer copies of features (domain adaptation)', () => {
  it('adds a copy per feature that has one, keeping the scale of the shared features', () => {
    const features = ['w:a', 'w:b', `${COPY_PREFIX}w:a`];
    const copies = copyIndex(features);
    expect([...(copies ?? [])]).toEqual([2, -1, -1]);
    const row = rowFromIds(Int32Array.from([0, 1]));
    const adapted = addCopies(row, copies!);
    expect([...adapted.idx]).toEqual([0, 1, 2]);
    expect(adapted.val).toBe(row.val);
    expect(copyIndex(['w:a', 'w:b'])).toBeNull();
  });

  it('gives only the reviewer examples copies, and without them their rows are as before', () => {
    const examples = [...corpus, ...reviewers];
    const plain = trainingData(pipeline.taxonomy, examples);
    const adapted = trainingData(pipeline.taxonomy, examples, { adaptFrom: corpus.length });
    const copiesOf = (i: number) => names(adapted.rows[i]!, adapted.features).filter((f) => isCopy(f!));
    expect(copiesOf(0)).toEqual([]);
    expect(copiesOf(1)).toEqual([]);
    expect(copiesOf(2)).toContain(`${COPY_PREFIX}w:heimreisedok`);
    // A copy carries the scale of the shared features, so the shared weights mean the same in both kinds of row.
    const shared = withoutCopies(adapted);
    examples.forEach((_, i) => {
      expect(names(shared.rows[i]!, shared.features)).toEqual(names(plain.rows[i]!, plain.features));
      expect(shared.rows[i]!.val).toBeCloseTo(plain.rows[i]!.val, 12);
      expect(adapted.rows[i]!.val).toBeCloseTo(plain.rows[i]!.val, 12);
    });
    // The stance head never sees the copies.
    expect(names(adapted.stanceRows[2]!, adapted.features)).toEqual(names(plain.stanceRows[2]!, plain.features));
  });

  it('predicts on the rows it trained on: a passage classified gets the copies a reviewer example had', () => {
    // Enough examples for cross-validation and for the reviewer weighing (30 reviewer examples).
    const bulk: TrainingExample[] = Array.from({ length: 60 }, (_, i) => ({
      ...(corpus[i % 2] as TrainingExample),
      text: `${(corpus[i % 2] as TrainingExample).text} Fall ${i}.`,
    }));
    const notes: TrainingExample[] = Array.from({ length: 30 }, (_, i) => ({
      ...(reviewers[i % 2] as TrainingExample),
      text: `${(reviewers[i % 2] as TrainingExample).text} Akte ${i}`,
    }));
    const { model, metrics } = trainClassifierModel({
      pipelineId: pipeline.id,
      taxonomy: pipeline.taxonomy,
      examples: [...bulk, ...notes],
      reviewerExamples: notes.length,
      reviewerWeights: [1],
      folds: 2,
    });
    expect(metrics.reviewerHeldOut?.map((r) => r.adapted)).toEqual([false, true]);
    expect(model.features.some(isCopy)).toBe(true);
    const data = trainingData(pipeline.taxonomy, [...bulk, ...notes], { adaptFrom: bulk.length });
    const text = notes[0]!.text;
    const row = predictorFor(model, pipeline.taxonomy).featurize(text);
    expect(names(row, model.features)).toEqual(names(data.rows[bulk.length]!, data.features));
    // Without reviewer examples there is nothing to adapt to: no copies, the model as before.
    const off = trainClassifierModel({ pipelineId: pipeline.id, taxonomy: pipeline.taxonomy, examples: bulk });
    expect(off.model.features.some(isCopy)).toBe(false);
  }, 60_000);
});
