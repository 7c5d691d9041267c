import { simpleParser, type Attachment, type ParsedMail as MailparserMail } from 'mailparser';
import type { DocumentInput, MailOrigin, ParsedMail } from '../core/types.ts';
import { decodeText } from '../core/decode-text.ts';
import {
  declareMissingCharsets,
  detachInlineMessages,
  isUnterminated,
  rawBody,
  topLevelMultipart,
} from './mime-repair.ts';
import { safeFilename } from '../core/safe-filename.ts';
import { splitInlineForwards } from './inline-forward.ts';

export interface ParseLimits {
  /** How deep attached messages (message/rfc822) are unpacked; deeper ones stay as opaque attachments. */
  maxNestingDepth: number;
}
export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxNestingDepth: 3 };

const UTF8 = new TextEncoder();
const TNEF = /^application\/(ms-tnef|vnd\.ms-tnef)$/i;

/**
 * Raw RFC 822 bytes → headers and one document per body and attachment. Attached messages are unpacked
 * recursively under "msg<N>/" paths. Throws only when mailparser itself cannot read the mail at all.
 */
export async function parseMail(raw: Uint8Array, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Promise<ParsedMail> {
  const warnings: string[] = [];
  const mail = await parseWithCharsetRepair(raw, warnings);
  const multipart = topLevelMultipart(raw);
  if (multipart?.boundary && isUnterminated(raw, multipart.boundary))
    warnings.push('malformed MIME (multipart boundary never closed); the parts up to the end were read');
  const documents = await collectDocuments(raw, mail, '', 0, limits, warnings, null);
  const headers = originOf(mail);
  return { ...headers, date: headers.date ? new Date(headers.date) : null, documents, warnings };
}

function originOf(mail: MailparserMail): MailOrigin {
  const sender = mail.from?.value[0];
  return {
    messageId: mail.messageId ?? null,
    from: sender?.address?.toLowerCase() ?? null,
    fromName: sender?.name || null,
    subject: mail.subject ?? null,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
  };
}

/** mailparser turns undeclared 8-bit text into U+FFFD (RELIABILITY 16): parse again with the charset declared. */
async function parseWithCharsetRepair(raw: Uint8Array, warnings: string[]): Promise<MailparserMail> {
  const first = await simpleParser(detachInlineMessages(raw));
  if (!`${first.text ?? ''}${typeof first.html === 'string' ? first.html : ''}`.includes('\uFFFD')) return first;
  const second = await simpleParser(detachInlineMessages(declareMissingCharsets(raw)));
  warnings.push('text without a declared charset was decoded as Windows-1252');
  return second;
}

async function collectDocuments(
  raw: Uint8Array,
  mail: MailparserMail,
  prefix: string,
  depth: number,
  limits: ParseLimits,
  warnings: string[],
  origin: MailOrigin | null,
): Promise<DocumentInput[]> {
  const docs: DocumentInput[] = [];
  const body = bodyDocument(raw, mail, prefix, warnings);
  const split = mail.text ? splitInlineForwards(mail.text, mail.subject ?? null) : null;
  if (split && split.forwards.length > 0) {
    // An inline forward is read like an attached message: its own document, its own sender (docs/letter-anatomy.md).
    if (split.own) docs.push({ ...plainBody(`${prefix}body`, split.own), origin });
    split.forwards.forEach((f, k) =>
      docs.push({ ...plainBody(`${prefix}fwd${k + 1}/body`, f.text), origin: f.origin }),
    );
  } else if (body) docs.push({ ...body, origin });
  let attachmentNo = 0;
  let messageNo = 0;
  for (const att of mail.attachments) {
    if (att.related && att.contentType.startsWith('image/')) continue; // inline logos of signatures; kept in the raw mail
    if (att.contentType === 'message/rfc822' && depth < limits.maxNestingDepth) {
      messageNo += 1;
      docs.push(...(await nestedMessage(att, `${prefix}msg${messageNo}/`, depth + 1, limits, warnings)));
      continue;
    }
    attachmentNo += 1;
    if (TNEF.test(att.contentType) || /^winmail\.dat$/i.test(att.filename ?? ''))
      warnings.push(`${prefix}att${attachmentNo}: Outlook winmail.dat (TNEF) attachment; its contents cannot be read`);
    docs.push({
      path: `${prefix}att${attachmentNo}`,
      kind: 'attachment',
      filename: safeFilename(att.filename),
      declaredType: att.contentType,
      bytes: new Uint8Array(att.content),
      origin,
    });
  }
  return docs;
}

async function nestedMessage(att: Attachment, prefix: string, depth: number, limits: ParseLimits, warnings: string[]) {
  const inner = new Uint8Array(att.content);
  const mail = await parseWithCharsetRepair(inner, warnings);
  return collectDocuments(inner, mail, prefix, depth, limits, warnings, originOf(mail));
}

/**
 * The HTML part wins when there is one: mailparser's own text for an HTML-only mail is a lossy conversion, and
 * our HTML extractor keeps paragraphs and quotes. HTML is only ever converted to text, never rendered.
 */
type BodyDocument = Omit<DocumentInput, 'origin'>;

function bodyDocument(raw: Uint8Array, mail: MailparserMail, prefix: string, warnings: string[]): BodyDocument | null {
  const path = `${prefix}body`;
  if (typeof mail.html === 'string' && mail.html.trim())
    return {
      path,
      kind: 'body',
      filename: null,
      declaredType: 'text/html; charset=utf-8',
      bytes: UTF8.encode(mail.html),
    };
  if (mail.text?.trim())
    return {
      path,
      kind: 'body',
      filename: null,
      declaredType: 'text/plain; charset=utf-8',
      bytes: UTF8.encode(mail.text),
    };
  return brokenMultipartBody(raw, mail, path, warnings);
}

const plainBody = (path: string, text: string): BodyDocument => ({
  path,
  kind: 'body',
  filename: null,
  declaredType: 'text/plain; charset=utf-8',
  bytes: UTF8.encode(text),
});

/** mailparser drops the body of a multipart without (or with an unclosed) boundary (RELIABILITY 15): keep it raw. */
function brokenMultipartBody(
  raw: Uint8Array,
  mail: MailparserMail,
  path: string,
  warnings: string[],
): BodyDocument | null {
  const multipart = topLevelMultipart(raw);
  if (!multipart || mail.attachments.length > 0) return null;
  const problem =
    multipart.boundary === null
      ? 'multipart without boundary'
      : isUnterminated(raw, multipart.boundary)
        ? 'multipart boundary never closed'
        : 'multipart with no readable part';
  const text = decodeText(rawBody(raw)).trim();
  warnings.push(`malformed MIME (${problem}); ${text ? 'the raw body was kept as text' : 'the body is empty'}`);
  if (!text) return null;
  return { path, kind: 'body', filename: null, declaredType: 'text/plain; charset=utf-8', bytes: UTF8.encode(text) };
}
