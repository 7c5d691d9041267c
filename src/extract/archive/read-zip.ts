import type { Entry, ZipFile } from 'yauzl';
import { describeError, fail, ok, type Result } from '../../core/errors.ts';
import { listEntries, openZip } from './open-zip.ts';

/** An opened ZIP with its entries by lower-cased name (OPC part names are case-insensitive). */
export interface ZipIndex {
  zip: ZipFile;
  entries: Map<string, Entry>;
}

export async function indexZip(bytes: Uint8Array): Promise<Result<ZipIndex>> {
  const opened = await openZip(bytes);
  if (!opened.ok) return opened;
  try {
    const entries = new Map<string, Entry>();
    for (const entry of await listEntries(opened.value)) entries.set(entry.fileName.toLowerCase(), entry);
    return ok({ zip: opened.value, entries });
  } catch (err) {
    opened.value.close();
    return fail('extract.corrupt', `broken ZIP central directory (${describeError(err)})`);
  }
}

/**
 * Inflates one entry, refusing one that declares more than `maxBytes` and stopping as soon as it yields more than it declared:
 * the central directory was checked before, but a forged size must not let a bomb through here.
 * Returns null when there is no such entry.
 */
export async function readZipEntry(
  index: ZipIndex,
  name: string,
  maxBytes: number,
): Promise<Result<Uint8Array | null>> {
  const entry = index.entries.get(name.toLowerCase());
  if (!entry) return ok(null);
  if (entry.isEncrypted()) return fail('extract.encrypted', `ZIP entry "${entry.fileName}" is password-protected`);
  if (entry.uncompressedSize > maxBytes) {
    return fail(
      'extract.too_large',
      `entry "${entry.fileName}" declares ${entry.uncompressedSize} bytes; at most ${maxBytes} are read`,
    );
  }
  const cap = entry.uncompressedSize;
  try {
    const stream = await index.zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      // Leaving the loop destroys the stream, so inflation stops here.
      if (size > cap)
        return fail('extract.zip_bomb', `entry "${entry.fileName}" inflates beyond its declared ${cap} bytes`);
      chunks.push(chunk);
    }
    if (size !== entry.uncompressedSize) {
      return fail(
        'extract.corrupt',
        `entry "${entry.fileName}" has ${size} bytes but declares ${entry.uncompressedSize}`,
      );
    }
    return ok(new Uint8Array(Buffer.concat(chunks, size)));
  } catch (err) {
    return fail('extract.corrupt', `cannot read ZIP entry "${entry.fileName}" (${describeError(err)})`);
  }
}
