import { describe, expect, it } from 'vitest';
import { labelsOf, scoreGrouping } from '../../src/arguments/grouping-scores.ts';

describe('scoreGrouping', () => {
  it('gives 1 for the same partition under other names', () => {
    const s = scoreGrouping(['a', 'a', 'b', 'b', 'c'], ['x', 'x', 'y', 'y', 'z']);
    expect(s.adjustedRand).toBeCloseTo(1, 10);
    expect(s.vMeasure).toBeCloseTo(1, 10);
  });

  it('agrees with scikit-learn on a textbook case', () => {
    // sklearn.metrics: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714…, v_measure_score(…) = 0.8
    const s = scoreGrouping(['0', '0', '1', '1'], ['0', '0', '1', '2']);
    expect(s.adjustedRand).toBeCloseTo(0.571428, 5);
    expect(s.vMeasure).toBeCloseTo(0.8, 5);
    expect(s.homogeneity).toBeCloseTo(1, 10);
  });

  it('scores everything in one group as not homogeneous, and refuses different lengths', () => {
    const s = scoreGrouping(['a', 'a', 'b', 'b'], ['x', 'x', 'x', 'x']);
    expect(s.homogeneity).toBeCloseTo(0, 10);
    expect(s.adjustedRand).toBeCloseTo(0, 10);
    expect(() => scoreGrouping(['a'], [])).toThrow(RangeError);
  });

  it('labels an unassigned passage as a group of its own', () => {
    expect(
      labelsOf(['p1', 'p2', 'p3'], { arguments: [{ id: 'A', passages: ['p1', 'p3'] }], unassigned: ['p2'] }),
    ).toEqual(['arg:A', 'single:p2', 'arg:A']);
  });
});
