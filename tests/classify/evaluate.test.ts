import { describe, expect, it } from 'vitest';
import { evaluate, formatEvalReport } from '../../src/classify/evaluate.ts';

const gold = [
  { id: '1', items: ['A', 'B'], topics: ['X'], stance: 'zustimmung' },
  { id: '2', items: ['A'], topics: [], stance: 'ablehnung' },
  { id: '3', items: [], topics: ['Y'], stance: 'neutral' },
];
const predicted = [
  { id: '1', items: ['A', 'C'], topics: ['X'], stance: 'zustimmung' },
  { id: '2', items: ['A'], topics: ['Y'], stance: 'vorschlag' },
  // id 3 missing: counts as predicting nothing
];

describe('evaluate', () => {
  const r = evaluate(gold, predicted, { items: ['A', 'B', 'C', 'D'], topics: ['X', 'Y'] });

  it('computes per-label and micro precision, recall and F1', () => {
    const a = r.items.perLabel.find((l) => l.label === 'A');
    expect(a).toMatchObject({ tp: 2, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1, support: 2 });
    expect(r.items.perLabel.find((l) => l.label === 'B')).toMatchObject({ tp: 0, fn: 1, f1: 0 });
    expect(r.items.micro).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(r.items.micro.f1).toBeCloseTo(2 / 3);
  });

  it('averages macro F1 over labels that occur (D never occurs and is left out)', () => {
    // A = 1, B = 0, C = 0
    expect(r.items.macroF1).toBeCloseTo(1 / 3);
    // X = 1, Y: tp 0 fp 1 fn 1 → 0
    expect(r.topics.macroF1).toBeCloseTo(1 / 2);
  });

  it('counts stance accuracy and the confused item pairs', () => {
    expect(r.stanceAccuracy).toBeCloseTo(1 / 3);
    expect(r.confusedItems).toEqual([{ gold: 'B', predicted: 'C', count: 1 }]);
  });

  it('formats a report with the summary lines', () => {
    const text = formatEvalReport(r, 'gold');
    expect(text).toMatch(/items\s+micro P 0\.667 R 0\.667 F1 0\.667\s+macro F1 0\.333/);
    expect(text).toMatch(/stance\s+accuracy 0\.333/);
    expect(text).toContain('B → C  1');
  });
});
