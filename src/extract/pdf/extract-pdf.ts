import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { fail, ok, describeError, type Result } from '../../core/errors.ts';
import type { ExtractedDocument } from '../../core/types.ts';
import type { ExtractLimits } from '../limits.ts';
import { assembleDocument, type BlockDraft } from '../segment/assemble.ts';
import { textToBlocks } from '../segment/text-blocks.ts';
import { GARBLED_SHARE_LIMIT, garbledShare } from '../text-hygiene.ts';
import { cleanPages, linesToParagraphText } from './page-cleanup.ts';

/** pdf.js as pdf-parse ships it: the character maps below must be the ones of that very copy. */
const PDFJS_DIR = path.dirname(
  createRequire(createRequire(import.meta.url).resolve('pdf-parse')).resolve('pdfjs-dist/package.json'),
);

/**
 * pdf.js load parameters, passed through by pdf-parse. Only what reading text needs: no eval of font programs (they
 * matter for drawing glyphs, and the input is untrusted), no font faces, errors only. pdf.js's own character maps:
 * a font that names a predefined CMap instead of embedding one ("UniJIS-UCS2-H", common in East Asian PDFs) has no
 * text without them; the name in the PDF never becomes a path, pdf.js reads only names on its list of built-in CMaps.
 */
const LOAD_PARAMETERS = {
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  verbosity: 0,
  cMapUrl: `${PDFJS_DIR}/cmaps/`,
  cMapPacked: true,
  standardFontDataUrl: `${PDFJS_DIR}/standard_fonts/`,
} as const;

/** A PDF's text layer, page by page, with running headers, footers and page numbers removed. */
export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  const read = await readPdfPages(bytes, limits);
  return read.ok ? pdfFromPages([read.value], limits) : read;
}

/** Raw page texts of one share of a PDF: pages `first` … `first + pages.length - 1` of `total`. */
export interface PdfPages {
  total: number;
  first: number;
  pages: string[];
}

/** One of `of` shares of a PDF's pages, for extraction processes reading one document side by side. */
export interface PdfPart {
  index: number;
  of: number;
}

/**
 * Fewer pages than this per share are not worth a second process: each process parses the document's structure and
 * fonts again (measured on the 300-page bench PDF: 0.57 CPU-s per half against 1.0 for the whole).
 */
export const MIN_PAGES_PER_PART = 20;

/**
 * The pages (1-based, inclusive) one share reads; null when it reads none. Every process computes its own share
 * from the page count it finds, so they need not agree on anything beforehand; a short document is read whole by
 * share 0.
 */
export function pdfPartRange(total: number, maxPages: number, part: PdfPart): { first: number; last: number } | null {
  const pages = Math.min(total, maxPages);
  const shares = Math.max(1, Math.min(part.of, Math.floor(pages / MIN_PAGES_PER_PART)));
  if (part.index >= shares || pages === 0) return null;
  const first = Math.floor((part.index * pages) / shares) + 1;
  const last = Math.floor(((part.index + 1) * pages) / shares);
  return { first, last };
}

/** The text layer of a PDF's pages (all of them up to the page cap, or one share), exactly as pdf.js reads it. */
export async function readPdfPages(
  bytes: Uint8Array,
  limits: ExtractLimits,
  part: PdfPart = { index: 0, of: 1 },
): Promise<Result<PdfPages>> {
  // A copy: pdf.js hands its input to its worker by transfer, which would empty the caller's bytes.
  const parser = new PDFParse({ data: new Uint8Array(bytes), ...LOAD_PARAMETERS });
  try {
    // getInfo is pdf-parse's public way to the page count (it also reads metadata and outline: a few ms).
    const numPages = part.of > 1 ? (await parser.getInfo()).total : limits.maxPages;
    const range = pdfPartRange(numPages, limits.maxPages, part);
    if (!range) return ok({ total: numPages, first: 1, pages: [] });
    const result = await parser.getText({ first: range.first, last: range.last, pageJoiner: '' });
    return ok({ total: result.total, first: range.first, pages: result.pages.map((p) => p.text) });
  } catch (err) {
    return classifyPdfError(err);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** Page texts (shares in any order) → the document: a missing or garbled text layer goes to OCR. */
export function pdfFromPages(shares: readonly PdfPages[], limits: ExtractLimits): Result<ExtractedDocument> {
  const ordered = [...shares].sort((a, b) => a.first - b.first);
  const total = ordered[0]?.total ?? 0;
  const read = ordered.flatMap((s) => s.pages);
  const raw = read.join('\n');
  if (raw.trim().length === 0)
    return fail('extract.needs_ocr', `PDF with ${total} page(s) has no text layer: a scan, read by OCR`);
  // Fonts without a Unicode mapping give control characters instead of letters: no text, whatever its length (class 5).
  const garbled = garbledShare(raw);
  if (garbled > GARBLED_SHARE_LIMIT)
    return fail(
      'extract.needs_ocr',
      `PDF with ${total} page(s) whose fonts have no Unicode mapping (${Math.round(garbled * 100)} % of its characters are not letters): read by OCR`,
    );
  const pages = cleanPages(read);
  const drafts: BlockDraft[] = pages.flatMap((lines, i) => textToBlocks(linesToParagraphText(lines), i + 1));
  const truncated = total > read.length ? `page cap ${read.length} of ${total} pages` : undefined;
  return ok(
    assembleDocument('pdf', drafts, {
      pageCount: total,
      maxTextChars: limits.maxTextChars,
      ...(truncated ? { truncated } : {}),
    }),
  );
}

/**
 * pdf-parse names pdf.js's exceptions; the message patterns catch what older files raise as generic errors. A page
 * tree that cannot be walked (a loop, a missing /Kids entry, a page that is no page) is a damaged file (class 7).
 */
function classifyPdfError(err: unknown): Result<never> {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  const text = describeError(err);
  if (name === 'PasswordException' || /password/i.test(text))
    return fail('extract.encrypted', 'the PDF is password-protected; ask the sender for an unprotected copy');
  // The data limit of the extraction process refused a buffer (docs/reliability.md, class 3); pdf-parse re-wraps the
  // RangeError, so its message is what is left to recognise.
  if (/array buffer allocation failed|allocation failed|invalid array length/i.test(text))
    return fail('extract.memory_limit', `the PDF needs more memory than an extraction may use (${text})`);
  if (
    name === 'InvalidPDFException' ||
    name === 'FormatError' ||
    /invalid pdf|unexpected end|xref|bad (x)?ref|format error|page tree|pages tree|circular reference|page dictionary|kids|invalid page|dictionary expected|missing.*(pages|root|catalog)/i.test(
      text,
    )
  )
    return fail('extract.corrupt', `the PDF is damaged or truncated and cannot be read (${text})`);
  return fail('extract.failed', `the PDF could not be read: ${text}`);
}
