import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Bytes of unknown charset → text. UTF-8 when the bytes are valid UTF-8; otherwise the detected legacy charset,
 * with Windows-1252 as the fallback German mail really uses (a superset of ISO-8859-1 for printable text).
 */
export function decodeText(bytes: Uint8Array, declared?: string | null): string {
  if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared))
    return iconv.decode(Buffer.from(bytes), declared);
  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) return utf8;
  const guess = chardet.detect(bytes);
  const charset = guess && iconv.encodingExists(guess) && !/^utf/i.test(guess) ? guess : 'windows-1252';
  // chardet often reports ISO-8859-1 for Windows-1252 text; the latter decodes „…“ and € correctly too.
  return iconv.decode(Buffer.from(bytes), /^iso-8859-1$/i.test(charset) ? 'windows-1252' : charset);
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}
