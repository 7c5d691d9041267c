import { PDFParse, PasswordException, InvalidPDFException } from 'pdf-parse';
import { fail, ok, describeError, type Result } from '../../core/errors.ts';
import type { ExtractedDocument } from '../../core/types.ts';
import type { ExtractLimits } from '../limits.ts';
import { assembleDocument, type BlockDraft } from '../segment/assemble.ts';
import { textToBlocks } from '../segment/text-blocks.ts';
import { cleanPages, linesToParagraphText } from './page-cleanup.ts';

/** A PDF's text layer, page by page, with running headers, footers and page numbers removed. */
export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<Result<ExtractedDocument>> {
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const info = await parser.getInfo();
    const total = info.total;
    const first = Math.min(total, limits.maxPages);
    const result = await parser.getText({ first, pageJoiner: '' });
    const pages = cleanPages(result.pages.map((p) => p.text));
    const drafts: BlockDraft[] = pages.flatMap((lines, i) => textToBlocks(linesToParagraphText(lines), result.pages[i]?.num ?? i + 1));
    const truncated = total > first ? `page cap ${first} of ${total} pages` : undefined;
    const doc = assembleDocument('pdf', drafts, { pageCount: total, maxTextChars: limits.maxTextChars, ...(truncated ? { truncated } : {}) });
    if (doc.text.trim().length === 0) return fail('extract.needs_ocr', `PDF with ${total} page(s) has no text layer: a scan, read by OCR`);
    return ok(doc);
  } catch (err) {
    return classifyPdfError(err);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function classifyPdfError(err: unknown): Result<ExtractedDocument> {
  if (err instanceof PasswordException || /password/i.test(describeError(err)))
    return fail('extract.encrypted', 'the PDF is password-protected; ask the sender for an unprotected copy');
  if (err instanceof InvalidPDFException || /invalid pdf|unexpected end|xref|bad (x)?ref|format error/i.test(describeError(err)))
    return fail('extract.corrupt', `the PDF is damaged or truncated and cannot be read (${describeError(err)})`);
  return fail('extract.failed', `the PDF could not be read: ${describeError(err)}`);
}
