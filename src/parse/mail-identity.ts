import { sha256Hex, stableId } from '../core/ids.ts';

/**
 * Headers that relays and mailbox servers add or rewrite on the way. The same reply delivered twice, or found in
 * two folders, differs only in these, so they are left out of the content hash.
 */
const TRACE_HEADER =
  /^(received|return-path|delivered-to|x-original-to|x-delivered-to|x-envelope-[a-z-]+|authentication-results|arc-[a-z-]+|x-spam-[a-z-]+|x-virus-[a-z-]+|x-uid|x-keywords|status|x-status):/i;

export interface MailIdentity {
  /** Message-ID as the header gives it (angle brackets removed), or null. */
  headerMessageId: string | null;
  /** sha256 of the raw mail without trace headers. */
  contentHash: string;
  /** Our key: one row per (Message-ID, content) pair; a mail without Message-ID is keyed by its content alone. */
  id: string;
}

function headerBlockEnd(raw: Uint8Array): number {
  for (let i = 0; i + 1 < raw.length; i++) {
    if (raw[i] === 0x0a && raw[i + 1] === 0x0a) return i + 1;
    if (raw[i] === 0x0a && raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return i + 1;
  }
  return raw.length;
}

/** Splits the header block into unfolded header fields, each with the exact lines it came from. */
function headerFields(headerText: string): { name: string; value: string; lines: string }[] {
  const fields: { name: string; value: string; lines: string }[] = [];
  for (const line of headerText.split(/(?<=\n)/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value += ' ' + line.trim();
      last.lines += line;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    fields.push({ name, value: colon > 0 ? line.slice(colon + 1).trim() : '', lines: line });
  }
  return fields;
}

export function identifyMail(raw: Uint8Array): MailIdentity {
  const end = headerBlockEnd(raw);
  // latin1 maps bytes 1:1, so re-encoding the kept lines gives back the exact original bytes.
  const headerText = Buffer.from(raw.buffer, raw.byteOffset, end).toString('latin1');
  const fields = headerFields(headerText);
  const messageIdField = fields.find((f) => f.name === 'message-id');
  const headerMessageId = messageIdField?.value.trim().replace(/^<|>$/g, '').trim() || null;
  const kept = fields
    .filter((f) => !TRACE_HEADER.test(f.lines))
    .map((f) => f.lines)
    .join('');
  const contentHash = sha256Hex(withCrlf(Buffer.concat([Buffer.from(kept, 'latin1'), raw.subarray(end)])));
  return { headerMessageId, contentHash, id: stableId('msg', headerMessageId ?? '', contentHash) };
}

/**
 * Line endings are transport, not content: IMAP hands out CRLF, a saved .eml or a Unix mail spool has LF, and the
 * same reply arrived both ways as two messages flagged `conflict` (docs/reliability.md, class 8). Every line ending
 * becomes CRLF before hashing — the form RFC 5322 and IMAP use, so hashes of mail fetched over IMAP stay as they were.
 */
function withCrlf(bytes: Buffer): Buffer {
  if (!bytes.includes(0x0a) && !bytes.includes(0x0d)) return bytes;
  return Buffer.from(bytes.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}
