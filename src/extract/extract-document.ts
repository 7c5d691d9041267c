import { fail, type Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import { extractDocx } from './docx/extract-docx.ts';
import { detectFormat, type DetectedFormat } from './detect-format.ts';
import type { ExtractLimits } from './limits.ts';
import { extractPdf } from './pdf/extract-pdf.ts';
import { extractHtml, extractPlainText } from './text/extract-text.ts';
import { markBoilerplate } from './segment/boilerplate.ts';
import { extractZip } from './archive/extract-zip.ts';
import { checkOle } from './docx/ole.ts';
import { isEncryptedLegacyWord } from './office/legacy-word.ts';
import { convertToDocx, type OfficeFormat } from './office/convert-office.ts';
import { isEncryptedOdf } from './office/encrypted-odf.ts';
import { assembleDocument } from './segment/assemble.ts';
import { hasNonText, stripNonText } from './text-hygiene.ts';

export { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from './limits.ts';

export { EXTRACTOR_VERSION } from './version.ts';

export interface ExtractRequest {
  bytes: Uint8Array;
  /** What the sender declared; used only for its charset parameter, never to choose the extractor. */
  declaredType: string;
  filename: string | null;
  /** How deep inside archives this document sits (0 for an attachment itself). */
  depth?: number;
}

/** Any document's bytes → text and structure, routed by content. Bad input is a Failure, never a throw. */
export async function extractDocument(req: ExtractRequest, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  return finishExtraction(await extractByFormat(req, limits));
}

/**
 * What every extracted document goes through last, whichever way it was read (whole, or a PDF read in shares by
 * several processes): control characters out, empty documents refused, boilerplate marked.
 */
export function finishExtraction(result: Result<ExtractedDocument>): Result<ExtractedDocument> {
  if (!result.ok) return result;
  const doc = withoutNonText(result.value);
  if (doc.text.trim().length === 0) return fail('extract.empty', 'the document contains no text');
  // Boilerplate is marked the same way whatever the format, so the classifier skips the same things everywhere.
  // An archive's files were marked one by one: one file's signature must not swallow the next file.
  if (doc.format === 'zip') return { ok: true, value: doc };
  return { ok: true, value: { ...doc, blocks: markBoilerplate(doc.blocks) } };
}

/**
 * Control characters (U+0000 above all, which PostgreSQL cannot store) never leave extraction, whatever the format
 * (docs/reliability.md, class 4): blocks lose them and the text is assembled again, so offsets stay exact.
 */
function withoutNonText(doc: ExtractedDocument): ExtractedDocument {
  if (!hasNonText(doc.text)) return doc;
  const drafts = doc.blocks.map(({ start: _start, end: _end, ...block }) => ({
    ...block,
    text: stripNonText(block.text),
  }));
  const again = assembleDocument(doc.format, drafts, {
    pageCount: doc.pageCount,
    maxTextChars: Number.MAX_SAFE_INTEGER,
    ...(doc.truncated ? { truncated: doc.truncated } : {}),
    ...(doc.ocrConfidence !== undefined ? { ocrConfidence: doc.ocrConfidence } : {}),
  });
  return again;
}

async function extractByFormat(req: ExtractRequest, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  if (req.bytes.length > limits.maxBytes)
    return fail(
      'extract.too_large',
      `${formatBytes(req.bytes.length)} exceeds the limit of ${formatBytes(limits.maxBytes)} per document`,
    );
  if (req.bytes.length === 0) return fail('extract.empty', 'the document is empty (0 bytes)');
  const format = declaredTextStaysText(await detectFormat(req.bytes), req.declaredType);
  const charset = /charset="?([\w.:-]+)"?/i.exec(req.declaredType)?.[1] ?? null;
  switch (format.kind) {
    case 'pdf':
      return extractPdf(req.bytes, limits);
    case 'docx':
      return extractDocx(req.bytes, limits);
    case 'ole':
      return extractOle(req.bytes, limits);
    case 'odt':
      if (await isEncryptedOdf(req.bytes))
        return fail(
          'extract.encrypted',
          'password-protected OpenDocument text; ask the sender for an unprotected copy',
        );
      return viaDocx(req.bytes, format.kind, limits);
    case 'rtf':
    case 'wordml':
      return viaDocx(req.bytes, format.kind, limits);
    case 'zip':
      return extractZip(req.bytes, limits, req.depth ?? 0, (bytes, filename, depth) =>
        extractDocument({ bytes, declaredType: 'application/octet-stream', filename, depth }, limits),
      );
    case 'text':
      return extractPlainText(req.bytes, charset, limits);
    case 'html':
      return extractHtml(req.bytes, charset, limits);
    case 'image':
      return fail('extract.needs_ocr', 'an image (a scanned letter?), read by OCR');
    default:
      return fail('extract.unsupported_type', unsupportedDetail(format, req));
  }
}

/** An OLE container is either an encrypted Office file or a legacy binary document (.doc). */
async function extractOle(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  const ole = checkOle(bytes);
  if (ole?.code === 'extract.encrypted') return { ok: false, error: ole };
  if (isEncryptedLegacyWord(bytes))
    return fail(
      'extract.encrypted',
      'password-protected Word 97-2003 document; ask the sender for an unprotected copy',
    );
  return viaDocx(bytes, 'doc', limits);
}

async function viaDocx(
  bytes: Uint8Array,
  format: OfficeFormat,
  limits: ExtractLimits,
): Promise<Result<ExtractedDocument>> {
  const docx = await convertToDocx(bytes, format, limits.converterTimeoutMs);
  if (!docx.ok) return docx;
  const doc = await extractConvertedDocx(docx.value, limits);
  return doc.ok ? { ok: true, value: { ...doc.value, format } } : doc;
}

/**
 * A part the sender declared as text/plain or text/html is read as such unless its bytes are a known binary format:
 * a mail body that begins with `<?xml` was refused as unsupported and its message failed (class 7).
 */
function declaredTextStaysText(format: DetectedFormat, declaredType: string): DetectedFormat {
  if (format.kind !== 'other') return format;
  if (/^text\/html\b/i.test(declaredType)) return { kind: 'html' };
  if (/^text\/plain\b/i.test(declaredType)) return { kind: 'text' };
  return format;
}

/**
 * LibreOffice's own output is no untrusted archive: a Word 97 document's WMF image legitimately inflates 269×, and
 * the ratio check lost its text (docs/reliability.md, class 6). Only the absolute size bounds still hold.
 */
export function extractConvertedDocx(docx: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  return extractDocx(docx, { ...limits, maxCompressionRatio: Number.POSITIVE_INFINITY });
}

function unsupportedDetail(format: DetectedFormat, req: ExtractRequest): string {
  const what: Record<string, string> = {
    tnef: 'Outlook winmail.dat (TNEF)',
    rfc822: 'attached e-mail',
  };
  const name = format.kind === 'other' ? `file of type ${format.mime}` : (what[format.kind] ?? format.kind);
  return `unsupported type: ${name} (declared as ${req.declaredType}${req.filename ? `, named "${req.filename}"` : ''}) — not read yet, open the original`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
