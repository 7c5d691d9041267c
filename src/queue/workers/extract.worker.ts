import { IntegrityError } from '../../core/errors.ts';
import { EXTRACTOR_VERSION } from '../../extract/version.ts';
import { recordExtraction, recordExtractionFailure } from '../../store/documents.ts';
import { readExtractInput } from '../../store/stage-inputs.ts';
import type { JobPayload } from '../jobs.ts';
import { extractionFailures } from '../../ops/metrics.ts';
import type { WorkerContext } from '../worker-context.ts';
import { completeExtractionIfLast, continueAfterDocument } from './fan-in.ts';
import { enqueue } from '../queues.ts';
import type { ExtractInput } from '../../sandbox/isolated-extractor.ts';
import type { ExtractedDocument } from '../../core/types.ts';

/** extract: one document's bytes → text and blocks. Bad input fails this document only; siblings go on. */
export async function runExtractJob(ctx: WorkerContext, job: JobPayload<'extract'>): Promise<void> {
  const { documentId, messageId, generation } = job;
  const doc = await readExtractInput(ctx.db, documentId, generation);
  if (doc.generation !== generation) return; // superseded by a reprocess
  if (doc.state === 'pending') {
    if (!doc.bytes)
      throw new IntegrityError('integrity.bytes_missing', `bytes of document ${documentId} were not read`);
    const outcome = await extractAndRecord(ctx, job, {
      bytes: doc.bytes,
      declaredType: doc.declaredType,
      filename: doc.filename,
    });
    if (outcome === 'sent to OCR') return; // the OCR job completes the document and moves the message on
    return continueAfterDocument(ctx, outcome.moved, messageId, generation);
  }
  // Not pending (a redelivery after the write): the fan-in may still be owed.
  await completeExtractionIfLast(ctx, messageId, generation);
}

/** A document's recorded extraction: whether its write moved the message to `extracted`, and what was extracted. */
export interface RecordedExtraction {
  moved: boolean;
  /** null when the document failed (its reason is recorded on it). */
  extracted: ExtractedDocument | null;
}

/**
 * Extracts one pending document and records the outcome (text and blocks, or the reason it failed), or sends it,
 * a scan, to the OCR queue instead.
 */
export async function extractAndRecord(
  ctx: WorkerContext,
  job: JobPayload<'extract'>,
  input: ExtractInput,
): Promise<RecordedExtraction | 'sent to OCR'> {
  const { documentId, messageId, generation } = job;
  const result = await ctx.extractor.extract(input, ctx.extractLimits);
  if (!result.ok && result.error.code === 'extract.needs_ocr') {
    await enqueue(ctx.queues, 'ocr', job);
    ctx.logger.info({ messageId, documentId, detail: result.error.detail }, 'document sent to OCR');
    return 'sent to OCR';
  }
  if (result.ok)
    return {
      moved: await recordExtraction(ctx.db, documentId, EXTRACTOR_VERSION, result.value, generation),
      extracted: result.value,
    };
  extractionFailures.inc({ code: result.error.code });
  ctx.logger.warn(
    { messageId, documentId, code: result.error.code, detail: result.error.detail },
    'document not extracted',
  );
  return {
    moved: await recordExtractionFailure(ctx.db, documentId, EXTRACTOR_VERSION, result.error, generation),
    extracted: null,
  };
}
