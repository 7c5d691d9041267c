import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { checkZipSafety } from '../../../src/extract/archive/check-zip.ts';
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from '../../../src/extract/limits.ts';

const limits: ExtractLimits = { ...DEFAULT_EXTRACT_LIMITS };

async function zipOf(files: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const zeros = (bytes: number) => new Uint8Array(bytes);

describe('checkZipSafety', () => {
  it('passes an ordinary archive', async () => {
    const bytes = await zipOf({ 'word/document.xml': '<w:document/>', 'a.txt': 'Grüße '.repeat(1000) });
    expect(await checkZipSafety(bytes, limits)).toBeNull();
  });

  it('refuses an entry compressed beyond the ratio limit', async () => {
    const bytes = await zipOf({ 'word/document.xml': zeros(4 * 1024 * 1024) });
    const failure = await checkZipSafety(bytes, limits);
    expect(failure?.code).toBe('extract.zip_bomb');
    expect(failure?.detail).toMatch(
      /"word\/document\.xml" expands \d+ to 4194304 bytes \(ratio \d+; the limit is 200\)/,
    );
  });

  it('judges the ratio only for entries over 1 MB', async () => {
    const bytes = await zipOf({ 'word/document.xml': zeros(900 * 1024) });
    expect(await checkZipSafety(bytes, limits)).toBeNull();
  });

  it('refuses more declared bytes than the limit', async () => {
    const bytes = await zipOf({ a: zeros(600_000), b: zeros(600_000) });
    const failure = await checkZipSafety(bytes, { ...limits, maxUncompressedBytes: 1_000_000 });
    expect(failure).toEqual({
      code: 'extract.zip_bomb',
      detail: 'archive declares more than 1200000 uncompressed bytes; the limit is 1000000',
    });
  });

  it('refuses too many entries before reading them', async () => {
    const bytes = await zipOf({ a: 'a', b: 'b', c: 'c', d: 'd' });
    const failure = await checkZipSafety(bytes, { ...limits, maxArchiveEntries: 3 });
    expect(failure).toEqual({ code: 'extract.zip_bomb', detail: 'archive declares 4 entries; the limit is 3' });
  });

  it('reports bytes that are no ZIP, or a cut-off ZIP, as corrupt', async () => {
    expect((await checkZipSafety(new TextEncoder().encode('Sehr geehrte Damen und Herren'), limits))?.code).toBe(
      'extract.corrupt',
    );
    const whole = await zipOf({ 'word/document.xml': 'x'.repeat(5000) });
    expect((await checkZipSafety(whole.subarray(0, whole.length - 30), limits))?.code).toBe('extract.corrupt');
  });
});
