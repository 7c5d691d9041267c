import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { fail, ok, describeError, type Result } from '../../core/errors.ts';
import type { ExtractedDocument } from '../../core/types.ts';
import type { ExtractLimits } from '../limits.ts';
import { assembleDocument, type BlockDraft } from '../segment/assemble.ts';
import { textToBlocks } from '../segment/text-blocks.ts';
import { loadPdfJs } from './load-pdfjs.ts';
import { cleanPages, linesToParagraphText } from './page-cleanup.ts';
import { readPageText } from './page-text.ts';
import { createSameThreadWorker } from './same-thread-port.ts';

/**
 * Only what reading text needs: no eval of font programs (they matter for drawing glyphs, and the input is
 * untrusted), no font faces, errors only.
 */
const LOAD_OPTIONS = { isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 } as const;

/**
 * pdf.js's own character maps (shipped with pdfjs-dist, read from disk): a font that names a predefined CMap instead
 * of embedding one ("UniJIS-UCS2-H", common in East Asian PDFs) has no text without them. The name in the PDF never
 * becomes a path: pdf.js reads only names on its list of built-in CMaps.
 */
const CMAP_OPTIONS = {
  cMapUrl: `${path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/cmaps/`,
  cMapPacked: true,
};

/** A PDF's text layer, page by page, with running headers, footers and page numbers removed. */
export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  const pdfjs = await loadPdfJs();
  const worker = createSameThreadWorker(pdfjs, LOAD_OPTIONS.verbosity);
  // A copy: pdf.js hands its input to the worker by transfer, which would empty the caller's bytes.
  const task = pdfjs.api.getDocument({ data: new Uint8Array(bytes), worker, ...LOAD_OPTIONS, ...CMAP_OPTIONS });
  try {
    const pdf = await task.promise;
    const total = pdf.numPages;
    const first = Math.min(total, limits.maxPages);
    const pages = cleanPages(await readPages(pdf, first));
    const drafts: BlockDraft[] = pages.flatMap((lines, i) => textToBlocks(linesToParagraphText(lines), i + 1));
    const truncated = total > first ? `page cap ${first} of ${total} pages` : undefined;
    const doc = assembleDocument('pdf', drafts, {
      pageCount: total,
      maxTextChars: limits.maxTextChars,
      ...(truncated ? { truncated } : {}),
    });
    if (doc.text.trim().length === 0)
      return fail('extract.needs_ocr', `PDF with ${total} page(s) has no text layer: a scan, read by OCR`);
    return ok(doc);
  } catch (err) {
    return classifyPdfError(err);
  } finally {
    await task.destroy().catch(() => undefined);
    worker.destroy();
  }
}

/** Pages 1…count in order; each page's parsed resources are dropped once its text is read. */
async function readPages(pdf: PDFDocumentProxy, count: number): Promise<string[]> {
  const texts: string[] = [];
  for (let n = 1; n <= count; n++) {
    const page = await pdf.getPage(n);
    texts.push(await readPageText(page));
    page.cleanup();
  }
  return texts;
}

/** pdf.js names its exceptions; the message patterns catch what older files raise as generic errors. */
function classifyPdfError(err: unknown): Result<ExtractedDocument> {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  if (name === 'PasswordException' || /password/i.test(describeError(err)))
    return fail('extract.encrypted', 'the PDF is password-protected; ask the sender for an unprotected copy');
  if (
    name === 'InvalidPDFException' ||
    /invalid pdf|unexpected end|xref|bad (x)?ref|format error/i.test(describeError(err))
  )
    return fail('extract.corrupt', `the PDF is damaged or truncated and cannot be read (${describeError(err)})`);
  return fail('extract.failed', `the PDF could not be read: ${describeError(err)}`);
}
