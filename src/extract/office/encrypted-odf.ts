import { indexZip, readZipEntry } from '../archive/read-zip.ts';

/**
 * An OpenDocument file saved with a password keeps its ZIP shape, but its manifest lists `encryption-data` for the
 * encrypted parts. LibreOffice then fails to load it without saying why, which was recorded as `extract.corrupt`
 * (docs/reliability.md, class 7): read the manifest first.
 */
export async function isEncryptedOdf(bytes: Uint8Array): Promise<boolean> {
  const index = await indexZip(bytes);
  if (!index.ok) return false;
  try {
    const manifest = await readZipEntry(index.value, 'META-INF/manifest.xml', 4 * 1024 * 1024);
    return manifest.ok && manifest.value !== null && Buffer.from(manifest.value).includes('encryption-data');
  } finally {
    index.value.zip.close();
  }
}
