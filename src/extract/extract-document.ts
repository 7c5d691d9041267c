import { fail, type Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import { extractDocx } from './docx/extract-docx.ts';
import { detectFormat, type DetectedFormat } from './detect-format.ts';
import type { ExtractLimits } from './limits.ts';
import { extractPdf } from './pdf/extract-pdf.ts';
import { extractHtml, extractPlainText } from './text/extract-text.ts';
import { markBoilerplate } from './segment/boilerplate.ts';

export { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from './limits.ts';

/** Stored on every document; a reprocess after an extractor fix is visible as a version change. */
export const EXTRACTOR_VERSION = 'extract-1';

export interface ExtractRequest {
  bytes: Uint8Array;
  /** What the sender declared; used only for its charset parameter, never to choose the extractor. */
  declaredType: string;
  filename: string | null;
}

/** Any document's bytes → text and structure, routed by content. Bad input is a Failure, never a throw. */
export async function extractDocument(req: ExtractRequest, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  const result = await extractByFormat(req, limits);
  // Boilerplate is marked the same way whatever the format, so the classifier skips the same things everywhere.
  return result.ok ? { ok: true, value: { ...result.value, blocks: markBoilerplate(result.value.blocks) } } : result;
}

async function extractByFormat(req: ExtractRequest, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  if (req.bytes.length > limits.maxBytes)
    return fail('extract.too_large', `${formatBytes(req.bytes.length)} exceeds the limit of ${formatBytes(limits.maxBytes)} per document`);
  if (req.bytes.length === 0) return fail('extract.empty', 'the document is empty (0 bytes)');
  const format = await detectFormat(req.bytes);
  const charset = /charset="?([\w.:-]+)"?/i.exec(req.declaredType)?.[1] ?? null;
  switch (format.kind) {
    case 'pdf':
      return extractPdf(req.bytes, limits);
    case 'docx':
    case 'ole': // an encrypted OOXML file is an OLE container; the DOCX extractor tells it from a legacy .doc
      return extractDocx(req.bytes, limits);
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

function unsupportedDetail(format: DetectedFormat, req: ExtractRequest): string {
  const what: Record<string, string> = {
    odt: 'OpenDocument text (.odt)',
    rtf: 'RTF document',
    zip: 'ZIP archive',
    ole: 'legacy Office document (.doc/.xls) or password-protected Office file',
    tnef: 'Outlook winmail.dat (TNEF)',
    rfc822: 'attached e-mail',
  };
  const name = format.kind === 'other' ? `file of type ${format.mime}` : (what[format.kind] ?? format.kind);
  return `unsupported type: ${name} (declared as ${req.declaredType}${req.filename ? `, named "${req.filename}"` : ''}) — not read yet, open the original`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
