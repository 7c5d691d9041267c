import { describe, expect, it } from 'vitest';
import type { TagDimension, TagSource } from '../../src/core/types.ts';
import {
  effectiveOnDimension,
  NO_TAG_LABEL,
  reviewerDecided,
  weakestConfidence,
} from '../../src/store/effective-tags.ts';

const tag = (dimension: TagDimension, label: string, source: TagSource, confidence = 0.5) => ({
  dimension,
  label,
  source,
  confidence,
});

describe('effective tags', () => {
  it("lets reviewer tags on a dimension replace the machine's, leaving other dimensions alone", () => {
    const tags = [
      tag('item', 'A1-HAFT', 'rule', 0.9),
      tag('item', 'A1-DULDUNG', 'reviewer', 1),
      tag('stance', 'zustimmung', 'model', 0.4),
    ];
    expect(effectiveOnDimension(tags, 'item').map((t) => t.label)).toEqual(['A1-DULDUNG']);
    expect(effectiveOnDimension(tags, 'stance').map((t) => t.label)).toEqual(['zustimmung']);
    expect(weakestConfidence(tags)).toBe(0.4);
  });

  it('reads the reviewer\'s "nothing here" as no tags, without the machine\'s coming back', () => {
    const tags = [tag('item', 'A1-HAFT', 'rule', 0.9), tag('item', NO_TAG_LABEL, 'reviewer', 1)];
    expect(effectiveOnDimension(tags, 'item')).toEqual([]);
    expect(reviewerDecided(tags, 'item')).toBe(true);
    expect(reviewerDecided(tags, 'topic')).toBe(false);
    expect(weakestConfidence(tags)).toBe(0);
  });
});
