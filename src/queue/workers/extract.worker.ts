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
import type { Result } from '../../core/errors.ts';

/** extract: one document's bytes → text and blocks. Bad input fails this document only; siblings go on. */
export async function runExtractJob(ctx: WorkerContext, job: JobPayload<'extract'>): Promise<void> {
  const { documentId, messageId, generation } = job;
  const doc = await readExtractInput(ctx.db, documentId, generation);
  if (doc.generation !== generation) return; // superseded by a reprocess
  if (doc.state === 'pending') {
    if (!doc.bytes) throw new IntegrityError(`bytes of document ${documentId} were not read`);
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
  const { documentId, generation } = job;
  const result = await extractOne(ctx, job, input);
  if (result === 'needs OCR') {
    await enqueue(ctx.queues, 'ocr', job);
    return 'sent to OCR';
  }
  if (result.ok)
    return {
      moved: await recordExtraction(ctx.db, documentId, EXTRACTOR_VERSION, result.value, generation),
      extracted: result.value,
    };
  return {
    moved: await recordExtractionFailure(ctx.db, documentId, EXTRACTOR_VERSION, result.error, generation),
    extracted: null,
  };
}

/**
 * Extracts one pending document without recording it: its text and blocks, the reason it failed (logged and
 * counted), or 'needs OCR' for a scan, which the caller sends to the OCR queue.
 */
export async function extractOne(
  ctx: WorkerContext,
  { documentId, messageId }: JobPayload<'extract'>,
  input: ExtractInput,
): Promise<Result<ExtractedDocument> | 'needs OCR'> {
  const result = await ctx.extractor.extract(input, ctx.extractLimits);
  if (!result.ok && result.error.code === 'extract.needs_ocr') {
    ctx.logger.info({ messageId, documentId, detail: result.error.detail }, 'document sent to OCR');
    return 'needs OCR';
  }
  if (!result.ok) {
    extractionFailures.inc({ code: result.error.code });
    ctx.logger.warn(
      { messageId, documentId, code: result.error.code, detail: result.error.detail },
      'document not extracted',
    );
  }
  return result;
}
