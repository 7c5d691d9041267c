import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS } from '../../../src/extract/extract-document.ts';
import {
  MIN_PAGES_PER_PART,
  pdfFromPages,
  pdfPartRange,
  readPdfPages,
  extractPdf,
} from '../../../src/extract/pdf/extract-pdf.ts';
import { longLetterPdf } from '../../../fixtures/make/pdf.ts';

describe('a PDF read in shares of its pages', () => {
  it('cuts the pages into contiguous shares that cover each page once, short documents whole', () => {
    const limit = DEFAULT_EXTRACT_LIMITS.maxPages;
    expect(pdfPartRange(300, limit, { index: 0, of: 2 })).toEqual({ first: 1, last: 150 });
    expect(pdfPartRange(300, limit, { index: 1, of: 2 })).toEqual({ first: 151, last: 300 });
    expect(pdfPartRange(301, limit, { index: 2, of: 3 })).toEqual({ first: 201, last: 301 });
    // Fewer than two shares' worth of pages: share 0 reads everything, the others nothing.
    expect(pdfPartRange(2 * MIN_PAGES_PER_PART - 1, limit, { index: 0, of: 2 })).toEqual({
      first: 1,
      last: 2 * MIN_PAGES_PER_PART - 1,
    });
    expect(pdfPartRange(2 * MIN_PAGES_PER_PART - 1, limit, { index: 1, of: 2 })).toBeNull();
    // The page cap holds for the shares together.
    expect(pdfPartRange(900, 500, { index: 1, of: 2 })).toEqual({ first: 251, last: 500 });
    for (const total of [1, 39, 40, 41, 97, 500])
      for (const of of [1, 2, 3, 4]) {
        const pages = Array.from({ length: of }, (_, index) => pdfPartRange(total, limit, { index, of })).flatMap(
          (r) => (r ? Array.from({ length: r.last - r.first + 1 }, (_, i) => r.first + i) : []),
        );
        expect(pages).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      }
  });

  it('gives exactly the document read whole, in whatever order the shares arrive', { timeout: 60_000 }, async () => {
    const pdf = await longLetterPdf(45);
    const whole = await extractPdf(pdf, DEFAULT_EXTRACT_LIMITS);
    const shares = await Promise.all(
      [0, 1, 2].map((index) => readPdfPages(pdf, DEFAULT_EXTRACT_LIMITS, { index, of: 3 })),
    );
    const read = shares.map((s) => (s.ok ? s.value : null));
    expect(read.map((s) => s?.pages.length)).toEqual([22, 23, 0]);
    const together = pdfFromPages(
      read.reverse().flatMap((s) => (s ? [s] : [])),
      DEFAULT_EXTRACT_LIMITS,
    );
    expect(whole.ok).toBe(true);
    expect(together).toEqual(whole);
    // The running header and the page footers went, as when the document is read whole.
    expect(together.ok && together.value.text).not.toMatch(/Der Landrat · Az|Seite \d+ von 45/);
  });
});
