import { afterAll, describe, expect, it } from 'vitest';
import { createIsolatedExtractor } from '../../src/sandbox/isolated-extractor.ts';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/extract/extract-document.ts';
import { residentMb } from '../../src/sandbox/process-pool.ts';
import { memoryBombPdf } from '../../fixtures/make/hostile-pdf.ts';
import { extractDocument } from '../../src/extract/extract-document.ts';
import { SPLIT_PDF_MIN_BYTES } from '../../src/sandbox/isolated-extractor.ts';
import { longLetterPdf } from '../../fixtures/make/pdf.ts';

describe('isolated extractor', () => {
  const extractor = createIsolatedExtractor({ threads: 1, timeoutMs: 30_000, maxHeapMb: 512 });
  afterAll(() => extractor.close());

  it('sends exactly the document bytes, also when they are a view into Node’s shared Buffer pool', async () => {
    // Small Buffers share one 8 KB pool; sending its whole ArrayBuffer would hand the thread foreign bytes.
    const noise = Buffer.from('\0\0\0\0 other data in the pool');
    const bytes = Buffer.from('Zu Anlage 1 Nr. 7: Atteste kommen zu spät.');
    expect(bytes.buffer).toBe(noise.buffer);
    const r = await extractor.extract({ bytes, declaredType: 'text/plain', filename: null }, DEFAULT_EXTRACT_LIMITS);
    expect(r).toMatchObject({
      ok: true,
      value: { format: 'text', text: 'Zu Anlage 1 Nr. 7: Atteste kommen zu spät.' },
    });
    expect(noise.toString()).toContain('other data'); // the caller's pool was not detached
  });

  // docs/reliability.md, class 3: pdf.js's buffers are typed arrays, outside the V8 heap; a thread grew to 10 GB.
  it('stops a memory-bomb PDF at the memory limit, the process never far above it', { timeout: 120_000 }, async () => {
    const bounded = createIsolatedExtractor({ threads: 1, timeoutMs: 100_000, maxHeapMb: 512 });
    let peak = 0;
    const watch = setInterval(() => {
      for (const pid of bounded.pids) peak = Math.max(peak, residentMb(pid) ?? 0);
    }, 20);
    try {
      const r = await bounded.extract(
        { bytes: memoryBombPdf(), declaredType: 'application/pdf', filename: null },
        DEFAULT_EXTRACT_LIMITS,
      );
      expect(r.ok ? 'extracted' : r.error.code).toBe('extract.memory_limit');
      expect(peak).toBeGreaterThan(128);
      expect(peak).toBeLessThan(512 + 64);
    } finally {
      clearInterval(watch);
      await bounded.close();
    }
  });

  it(
    'reads a long PDF with every idle process, each a share of its pages, into the same document',
    { timeout: 120_000 },
    async () => {
      const pdf = await longLetterPdf(200);
      expect(pdf.length).toBeGreaterThan(SPLIT_PDF_MIN_BYTES);
      const input = { bytes: pdf, declaredType: 'application/pdf', filename: null };
      const two = createIsolatedExtractor({ threads: 2, timeoutMs: 60_000, maxHeapMb: 512 });
      try {
        const shared = await two.extract(input, DEFAULT_EXTRACT_LIMITS);
        expect(two.pids).toHaveLength(2); // both processes read
        expect(shared).toEqual(await extractDocument(input, DEFAULT_EXTRACT_LIMITS));
        expect(shared.ok && shared.value.pageCount).toBe(200);
      } finally {
        await two.close();
      }
    },
  );

  it('reads a short PDF, or any PDF while documents wait, in one process', { timeout: 120_000 }, async () => {
    const two = createIsolatedExtractor({ threads: 2, timeoutMs: 60_000, maxHeapMb: 512 });
    try {
      const short = await longLetterPdf(4);
      const r = await two.extract(
        { bytes: short, declaredType: 'application/pdf', filename: null },
        DEFAULT_EXTRACT_LIMITS,
      );
      expect(r.ok && r.value.pageCount).toBe(4);
      expect(two.pids).toHaveLength(1);
      // Two long PDFs at once: the first takes both idle processes, the second waits and is read whole.
      const long = await longLetterPdf(200);
      const both = await Promise.all(
        [long, long].map((bytes) =>
          two.extract({ bytes, declaredType: 'application/pdf', filename: null }, DEFAULT_EXTRACT_LIMITS),
        ),
      );
      expect(both.map((d) => (d.ok ? d.value.text.length : d.error.code))).toEqual([
        both[0]?.ok && both[0].value.text.length,
        both[0]?.ok && both[0].value.text.length,
      ]);
    } finally {
      await two.close();
    }
  });
});
