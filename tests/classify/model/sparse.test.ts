import { describe, expect, it } from 'vitest';
import { dot, restrictRow, rowFromIds, rowOf } from '../../../src/classify/model/sparse.ts';

const length = (val: Float32Array) => Math.sqrt(val.reduce((s, x) => s + x * x, 0));

describe('sparse rows', () => {
  it('are binary and of unit length without feature weights', () => {
    const row = rowOf(['b', 'zz', 'a'], new Map([['a', 0], ['b', 3]]));
    expect([...row.idx]).toEqual([0, 3]);
    expect([...row.val]).toEqual([Math.fround(Math.SQRT1_2), Math.fround(Math.SQRT1_2)]);
  });

  it('carry each feature\'s weight, scaled to unit length', () => {
    const row = rowFromIds(Int32Array.from([0, 2]), Float32Array.from([3, 1, 4]));
    expect(row.val[0]).toBeCloseTo(0.6, 6);
    expect(row.val[1]).toBeCloseTo(0.8, 6);
    expect(dot(Float64Array.from([10, 100, 1]), row)).toBeCloseTo(6.8, 5);
  });

  it('keep only the marked features when restricted, again of unit length', () => {
    const row = rowFromIds(Int32Array.from([0, 1, 2]), Float32Array.from([3, 2, 4]));
    const kept = restrictRow(row, Uint8Array.from([1, 0, 1]));
    expect([...kept.idx]).toEqual([0, 2]);
    expect(kept.val[0]).toBeCloseTo(0.6, 6);
    expect(length(kept.val)).toBeCloseTo(1, 6);
    expect(restrictRow(row, Uint8Array.from([0, 0, 0])).idx).toHaveLength(0);
  });

  it('are empty, not NaN, for a text without known features', () => {
    const row = rowFromIds(new Int32Array(0), null);
    expect(row.val).toHaveLength(0);
    expect(dot(Float64Array.from([1]), row)).toBe(0);
  });
});
