import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { describeError, fail, ok, type Result } from '../../core/errors.ts';

/**
 * Opens an in-memory ZIP and reads its central directory only: nothing is inflated here, so the
 * declared sizes can be checked before any entry is read.
 */
export async function openZip(bytes: Uint8Array): Promise<Result<ZipFile>> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    // validateEntrySizes off: readZipEntry enforces sizes itself, so a lying size is reported as such.
    const zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: false,
    });
    // An 'error' event without a listener would crash the process; errors we care about reach the promises.
    zip.on('error', () => undefined);
    return ok(zip);
  } catch (err) {
    return fail('extract.corrupt', `not a readable ZIP archive (${describeError(err)})`);
  }
}

/** Every entry of the central directory, in stored order. Throws on a broken directory. */
export async function listEntries(zip: ZipFile): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  return entries;
}
