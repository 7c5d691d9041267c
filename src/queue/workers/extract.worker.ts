import { IntegrityError } from '../../core/errors.ts';
import { EXTRACTOR_VERSION } from '../../extract/version.ts';
import { recordExtraction, recordExtractionFailure } from '../../store/documents.ts';
import { readExtractInput } from '../../store/stage-inputs.ts';
import type { JobPayload } from '../jobs.ts';
import { extractionFailures } from '../../ops/metrics.ts';
import type { WorkerContext } from '../worker-context.ts';
import { completeExtractionIfLast, continueAfterDocument } from './fan-in.ts';
import { enqueue } from '../queues.ts';

/** extract: one document's bytes → text and blocks. Bad input fails this document only; siblings go on. */
export async function runExtractJob(ctx: WorkerContext, job: JobPayload<'extract'>): Promise<void> {
  const { documentId, messageId, generation } = job;
  const doc = await readExtractInput(ctx.db, documentId, generation);
  if (doc.generation !== generation) return; // superseded by a reprocess
  if (doc.state === 'pending') {
    if (!doc.bytes) throw new IntegrityError(`bytes of document ${documentId} were not read`);
    const result = await ctx.extractor.extract({ bytes: doc.bytes, declaredType: doc.declaredType, filename: doc.filename }, ctx.extractLimits);
    if (!result.ok && result.error.code === 'extract.needs_ocr') {
      // The document stays pending; the OCR job completes it and moves the message on.
      await enqueue(ctx.queues, 'ocr', { documentId, messageId, generation });
      ctx.logger.info({ messageId, documentId, detail: result.error.detail }, 'document sent to OCR');
      return;
    }
    let moved: boolean;
    if (result.ok) {
      moved = await recordExtraction(ctx.db, documentId, EXTRACTOR_VERSION, result.value, generation);
    } else {
      moved = await recordExtractionFailure(ctx.db, documentId, EXTRACTOR_VERSION, result.error, generation);
      extractionFailures.inc({ code: result.error.code });
      ctx.logger.warn({ messageId, documentId, code: result.error.code, detail: result.error.detail }, 'document not extracted');
    }
    return continueAfterDocument(ctx, moved, messageId, generation);
  }
  // Not pending (a redelivery after the write): the fan-in may still be owed.
  await completeExtractionIfLast(ctx, messageId, generation);
}
