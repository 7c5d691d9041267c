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
  const result = await extractByFormat(req, limits);
  // Boilerplate is marked the same way whatever the format, so the classifier skips the same things everywhere.
  // An archive's files were marked one by one: one file's signature must not swallow the next file.
  if (!result.ok || result.value.format === 'zip') return result;
  return { ok: true, value: { ...result.value, blocks: markBoilerplate(result.value.blocks) } };
}

async function extractByFormat(req: ExtractRequest, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  if (req.bytes.length > limits.maxBytes)
    return fail(
      'extract.too_large',
      `${formatBytes(req.bytes.length)} exceeds the limit of ${formatBytes(limits.maxBytes)} per document`,
    );
  if (req.bytes.length === 0) return fail('extract.empty', 'the document is empty (0 bytes)');
  const format = await detectFormat(req.bytes);
  const charset = /charset="?([\w.:-]+)"?/i.exec(req.declaredType)?.[1] ?? null;
  switch (format.kind) {
    case 'pdf':
      return extractPdf(req.bytes, limits);
    case 'docx':
      return extractDocx(req.bytes, limits);
    case 'ole':
      return extractOle(req.bytes, limits);
    case 'odt':
    case 'rtf':
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
  const doc = await extractDocx(docx.value, limits);
  return doc.ok ? { ok: true, value: { ...doc.value, format } } : doc;
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
