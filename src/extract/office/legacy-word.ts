import CFB from 'cfb';

/** FibBase flags (MS-DOC 2.5.2): fEncrypted (bit 8) and fObfuscated (bit 15) both mean "needs a password". */
const FIB_FLAGS_OFFSET = 0x0a;
const F_ENCRYPTED = 0x0100;
const F_OBFUSCATED = 0x8000;

/**
 * Whether a legacy Word 97-2003 file (an OLE compound file with a WordDocument stream) is password-protected. Such
 * files cannot be converted; saying so beats LibreOffice's silent failure. False when the bytes are no such file.
 */
export function isEncryptedLegacyWord(bytes: Uint8Array): boolean {
  let entry;
  try {
    entry = CFB.find(
      CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' }),
      'WordDocument',
    );
  } catch {
    return false; // not a readable compound file: the converter will say what is wrong
  }
  const content = entry?.content;
  if (!content || content.length < FIB_FLAGS_OFFSET + 2) return false;
  const flags = (content[FIB_FLAGS_OFFSET] ?? 0) | ((content[FIB_FLAGS_OFFSET + 1] ?? 0) << 8);
  return (flags & (F_ENCRYPTED | F_OBFUSCATED)) !== 0;
}
