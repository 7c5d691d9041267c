import { ocrScan } from '../../extract/ocr/ocr-document.ts';
import { getBlob } from '../../store/blobs.ts';
import { getDocument, recordExtraction, recordExtractionFailure } from '../../store/documents.ts';
import { getMessage } from '../../store/messages.ts';
import type { JobPayload } from '../jobs.ts';
import { extractionFailures } from '../../ops/metrics.ts';
import type { WorkerContext } from '../worker-context.ts';
import { completeExtractionIfLast } from './fan-in.ts';

/** Stored with OCR results: "ocr-1" text came from Tesseract, not from a text layer. */
export const OCR_EXTRACTOR_VERSION = 'ocr-1';

/** ocr: a scanned document's pages → text via poppler + Tesseract, in child processes with time limits. */
export async function runOcrJob(ctx: WorkerContext, job: JobPayload<'ocr'>): Promise<void> {
  const { documentId, messageId, generation } = job;
  if ((await getMessage(ctx.db, messageId)).generation !== generation) return; // superseded by a reprocess
  const doc = await getDocument(ctx.db, documentId);
  if (doc.state === 'pending') {
    const bytes = await getBlob(ctx.db, doc.blob_sha256);
    const result = await ocrScan(bytes, ctx.extractLimits);
    if (result.ok) await recordExtraction(ctx.db, documentId, OCR_EXTRACTOR_VERSION, result.value);
    else {
      await recordExtractionFailure(ctx.db, documentId, OCR_EXTRACTOR_VERSION, result.error);
      extractionFailures.inc({ code: result.error.code });
      ctx.logger.warn({ messageId, documentId, code: result.error.code, detail: result.error.detail }, 'scan not read');
    }
  }
  await completeExtractionIfLast(ctx, messageId, generation);
}
