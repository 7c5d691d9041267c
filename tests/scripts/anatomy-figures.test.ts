import { describe, expect, it } from 'vitest';
import { measureAnatomy } from '../../scripts/anatomy-figures.ts';

describe('letter anatomy on the labelled letters (fixtures/letters)', () => {
  it('keeps letter-part lines out of content passages (≤ 3 %) and loses no statement sentence', async () => {
    const { figures, perCase } = await measureAnatomy('fixtures/letters');
    expect(figures.letters).toBe(10);
    expect(figures.statementSentences).toBeGreaterThan(40);
    expect(perCase.flatMap((c) => c.errors)).toEqual([]);
    expect(perCase.flatMap((c) => c.score.lost)).toEqual([]);
    expect(figures.leakShare).toBeLessThanOrEqual(0.03);
    // The scan is read by OCR: every sentence must still be found (by word overlap).
    expect(figures.unreadSentences).toBe(0);
    expect(figures.headingPassages).toBe(0);
    // Every reply attributed to its Landkreis, the inline forwards to the forwarded county; the forged name to none.
    expect(perCase.filter((c) => (c.attributed?.respondent?.ags ?? null) !== c.expectedAgs).map((c) => c.file)).toEqual(
      [],
    );
  }, 120_000);
});
