import type { Failure } from '../../core/errors.ts';

/** Compound File Binary signature: legacy .doc, and the wrapper Office puts around an encrypted OOXML package. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Directory entries are named in UTF-16LE; an encrypted OOXML package always has this stream. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/** Recognises OLE files handed in as DOCX; null when the bytes are not an OLE compound file. */
export function checkOle(bytes: Uint8Array): Failure | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < OLE_MAGIC.length || !buffer.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) return null;
  if (buffer.includes(ENCRYPTION_INFO))
    return { code: 'extract.encrypted', detail: 'password-protected Word document' };
  return {
    code: 'extract.unsupported_type',
    detail: 'an OLE compound file (legacy Word 97-2003 .doc or similar), not a DOCX package',
  };
}
