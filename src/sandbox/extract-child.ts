import type { Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import { extractDocument, finishExtraction, type ExtractLimits } from '../extract/extract-document.ts';
import { pdfFromPages, readPdfPages, type PdfPages, type PdfPart } from '../extract/pdf/extract-pdf.ts';
import { serveParentTasks } from './serve-parent.ts';

/** A whole document; or one share of a PDF's pages; or the shares put together (isolated-extractor.ts). */
export type ExtractTask =
  | { kind: 'document'; bytes: Uint8Array; declaredType: string; filename: string | null; limits: ExtractLimits }
  | { kind: 'pdf-part'; bytes: Uint8Array; part: PdfPart; limits: ExtractLimits }
  | { kind: 'pdf-assemble'; shares: PdfPages[]; limits: ExtractLimits };

export type ExtractReply =
  { kind: 'document'; result: Result<ExtractedDocument> } | { kind: 'pdf-part'; result: Result<PdfPages> };

/**
 * Child process entry: one task at a time; the pool kills the process on a time or memory overrun. Putting a PDF's
 * shares together runs here too: the text is still untrusted, and only here does the time limit hold.
 */
serveParentTasks<ExtractTask, ExtractReply>(async (task) => {
  switch (task.kind) {
    case 'document':
      return {
        kind: 'document',
        result: await extractDocument(
          { bytes: task.bytes, declaredType: task.declaredType, filename: task.filename },
          task.limits,
        ),
      };
    case 'pdf-part':
      return { kind: 'pdf-part', result: await readPdfPages(task.bytes, task.limits, task.part) };
    case 'pdf-assemble':
      return { kind: 'document', result: finishExtraction(pdfFromPages(task.shares, task.limits)) };
  }
});
