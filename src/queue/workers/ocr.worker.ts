import { IntegrityError } from '../../core/errors.ts';
import { ocrScan } from '../../extract/ocr/ocr-document.ts';
import { claimDocument, releaseClaim, writeExtraction, writeExtractionFailure } from '../../store/documents.ts';
import { readExtractInput } from '../../store/stage-inputs.ts';
import type { JobPayload } from '../jobs.ts';
import { extractionFailures } from '../../ops/metrics.ts';
import type { WorkerContext } from '../worker-context.ts';
import { WORKER_ID } from '../worker-heartbeat.ts';
import { completeExtractionIfLast, continueAfterDocument } from './fan-in.ts';
import { ClaimedElsewhere } from './claimed-elsewhere.ts';

/** Stored with OCR results: "ocr-1" text came from Tesseract, not from a text layer. */
export const OCR_EXTRACTOR_VERSION = 'ocr-1';

/** ocr: a scanned document's pages → text via poppler + Tesseract, in child processes with time limits. */
export async function runOcrJob(ctx: WorkerContext, job: JobPayload<'ocr'>): Promise<void> {
  const { documentId, messageId, generation } = job;
  const doc = await readExtractInput(ctx.db, documentId, generation);
  if (doc.generation !== generation) return; // superseded by a reprocess
  if (doc.state === 'pending') {
    if (!doc.bytes)
      throw new IntegrityError('integrity.bytes_missing', `bytes of document ${documentId} were not read`);
    // Claimed like an extraction, so a second OCR run never overwrites the first one's result (class 2).
    const attempt = await claimDocument(ctx.db, documentId, WORKER_ID);
    if (attempt === null) throw new ClaimedElsewhere(documentId);
    let result;
    try {
      result = await ocrScan(doc.bytes, ctx.extractLimits);
    } catch (err) {
      await releaseClaim(ctx.db, documentId, attempt);
      throw err;
    }
    const write = result.ok
      ? await writeExtraction(ctx.db, documentId, OCR_EXTRACTOR_VERSION, result.value, generation, attempt)
      : await writeExtractionFailure(ctx.db, documentId, OCR_EXTRACTOR_VERSION, result.error, generation, attempt);
    if (!result.ok) {
      extractionFailures.inc({ code: result.error.code });
      ctx.logger.warn({ messageId, documentId, code: result.error.code, detail: result.error.detail }, 'scan not read');
    }
    return continueAfterDocument(ctx, write.moved, messageId, generation);
  }
  await completeExtractionIfLast(ctx, messageId, generation);
}
