import type { Entry } from 'yauzl';
import { describeError, type Failure } from '../../core/errors.ts';
import type { ExtractLimits } from '../limits.ts';
import { openZip } from './open-zip.ts';

/** Small entries compress well legitimately (runs of XML markup), so the ratio is only judged above this size. */
const RATIO_MIN_BYTES = 1024 * 1024;

const bomb = (detail: string): Failure => ({ code: 'extract.zip_bomb', detail });

/**
 * Judges a ZIP by its central directory alone, before anything is inflated: too many entries, too many
 * declared bytes, or an entry compressed suspiciously well. Returns null when the archive looks safe.
 */
export async function checkZipSafety(bytes: Uint8Array, limits: ExtractLimits): Promise<Failure | null> {
  const opened = await openZip(bytes);
  if (!opened.ok) return opened.error;
  const zip = opened.value;
  try {
    if (zip.entryCount > limits.maxArchiveEntries) {
      return bomb(`archive declares ${zip.entryCount} entries; the limit is ${limits.maxArchiveEntries}`);
    }
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > limits.maxUncompressedBytes) {
        return bomb(
          `archive declares more than ${total} uncompressed bytes; the limit is ${limits.maxUncompressedBytes}`,
        );
      }
      const ratio = checkRatio(entry, limits);
      if (ratio) return ratio;
    }
    return null;
  } catch (err) {
    return { code: 'extract.corrupt', detail: `broken ZIP central directory (${describeError(err)})` };
  } finally {
    zip.close();
  }
}

function checkRatio(entry: Entry, limits: ExtractLimits): Failure | null {
  if (entry.uncompressedSize <= RATIO_MIN_BYTES) return null;
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (ratio <= limits.maxCompressionRatio) return null;
  return bomb(
    `entry "${entry.fileName}" expands ${entry.compressedSize} to ${entry.uncompressedSize} bytes ` +
      `(ratio ${Math.round(ratio)}; the limit is ${limits.maxCompressionRatio})`,
  );
}
