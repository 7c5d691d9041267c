/**
 * Repairs for MIME that mailparser mishandles silently (RELIABILITY 15, 16). Works on the raw header text only,
 * which is ASCII by RFC 5322, so a latin1 round trip leaves the bytes unchanged.
 */

const HEADER_END = /\r?\n\r?\n/;

/** Declares Windows-1252 on every text part that declares no charset (undeclared 8-bit German mail). */
export function declareMissingCharsets(raw: Uint8Array): Buffer {
  let s = Buffer.from(raw).toString('latin1');
  s = s.replace(
    /^(Content-Type:[ \t]*text\/[\w.+-]+)((?:[ \t]*;[^\r\n]*)?(?:\r?\n[ \t][^\r\n]*)*)/gim,
    (all, head: string, params: string) =>
      /charset\s*=/i.test(params) ? all : `${head}; charset=windows-1252${params}`,
  );
  const headerEnd = s.search(HEADER_END);
  const header = headerEnd >= 0 ? s.slice(0, headerEnd) : s;
  if (!/^Content-Type:/im.test(header)) s = `Content-Type: text/plain; charset=windows-1252\r\n${s}`;
  return Buffer.from(s, 'latin1');
}

/** The top-level Content-Type, when it is multipart. */
export function topLevelMultipart(raw: Uint8Array): { boundary: string | null } | null {
  const s = Buffer.from(raw.subarray(0, 64 * 1024)).toString('latin1');
  const headerEnd = s.search(HEADER_END);
  const header = (headerEnd >= 0 ? s.slice(0, headerEnd) : s).replace(/\r?\n[ \t]+/g, ' ');
  const ct = /^Content-Type:[ \t]*multipart\/[^\r\n]*/im.exec(header)?.[0];
  if (!ct) return null;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(ct);
  return { boundary: boundary?.[1] ?? boundary?.[2] ?? null };
}

/** Everything after the top-level header block: the fallback body of a mail whose MIME structure is broken. */
export function rawBody(raw: Uint8Array): Uint8Array {
  const s = Buffer.from(raw).toString('latin1');
  const m = HEADER_END.exec(s);
  return m ? raw.subarray(m.index + m[0].length) : new Uint8Array();
}

/** True when the multipart's closing delimiter ("--boundary--") never comes. */
export function isUnterminated(raw: Uint8Array, boundary: string): boolean {
  return !Buffer.from(raw).toString('latin1').includes(`--${boundary}--`);
}

/**
 * mailparser merges an attached message sent "inline" (Thunderbird's inline forward) into the body text, losing
 * its sender and attachments. Marking such parts as attachments keeps each forwarded reply a message of its own.
 */
export function detachInlineMessages(raw: Uint8Array): Buffer {
  const lines = Buffer.from(raw).toString('latin1').split('\n');
  let blockStart = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('--')) blockStart = i + 1;
    else if (blockStart >= 0 && line.replace(/\r$/, '') === '') {
      rewriteBlock(lines, blockStart, i);
      blockStart = -1;
    }
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

function rewriteBlock(lines: string[], from: number, to: number): void {
  const header = lines.slice(from, to).join('\n');
  if (!/^content-type:[ \t]*message\/rfc822/im.test(header)) return;
  for (let i = from; i < to; i++)
    lines[i] = (lines[i] ?? '').replace(/^(content-disposition:[ \t]*)inline\b/i, '$1attachment');
}
