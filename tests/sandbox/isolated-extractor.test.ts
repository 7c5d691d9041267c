import { afterAll, describe, expect, it } from 'vitest';
import { createIsolatedExtractor } from '../../src/sandbox/isolated-extractor.ts';
import { DEFAULT_EXTRACT_LIMITS } from '../../src/extract/extract-document.ts';
import { residentMb } from '../../src/sandbox/process-pool.ts';
import { memoryBombPdf } from '../../fixtures/make/hostile-pdf.ts';

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
});
