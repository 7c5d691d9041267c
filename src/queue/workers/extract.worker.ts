import { IntegrityError } from '../../core/errors.ts';
import { EXTRACTOR_VERSION } from '../../extract/version.ts';
import { claimDocument, releaseClaim, writeExtraction, writeExtractionFailure } from '../../store/documents.ts';
import { readExtractInput } from '../../store/stage-inputs.ts';
import type { JobPayload } from '../jobs.ts';
import { extractionFailures } from '../../ops/metrics.ts';
import type { WorkerContext } from '../worker-context.ts';
import { completeExtractionIfLast, continueAfterDocument } from './fan-in.ts';
import { enqueue } from '../queues.ts';
import type { ExtractInput } from '../../sandbox/isolated-extractor.ts';
import type { ExtractedDocument } from '../../core/types.ts';
import type { Result } from '../../core/errors.ts';
import { WORKER_ID } from '../worker-heartbeat.ts';
import { ClaimedElsewhere } from './claimed-elsewhere.ts';

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
    // Another live run holds the document (class 2): this job looks again later (start-workers.ts delays it).
    if (outcome === 'claimed elsewhere') throw new ClaimedElsewhere(documentId);
    return continueAfterDocument(ctx, outcome.moved, messageId, generation);
  }
  // Not pending (a redelivery after the write): the fan-in may still be owed.
  await completeExtractionIfLast(ctx, messageId, generation);
}

/** A document's recorded extraction: whether its write moved the message to `extracted`, and what was extracted. */
export interface RecordedExtraction {
  moved: boolean;
  /** null when the document failed (its reason is recorded on it) or a newer run's write came first. */
  extracted: ExtractedDocument | null;
}

/**
 * Claims one pending document, extracts it and records the outcome (text and blocks, or the reason it failed), or
 * sends it, a scan, to the OCR queue instead. 'claimed elsewhere': another live run is extracting it right now.
 */
export async function extractAndRecord(
  ctx: WorkerContext,
  job: JobPayload<'extract'>,
  input: ExtractInput,
): Promise<RecordedExtraction | 'sent to OCR' | 'claimed elsewhere'> {
  const { documentId, generation } = job;
  const attempt = await claimDocument(ctx.db, documentId, WORKER_ID);
  if (attempt === null) return 'claimed elsewhere';
  let result;
  try {
    result = await extractOne(ctx, job, input);
  } catch (err) {
    await releaseClaim(ctx.db, documentId, attempt); // an infrastructure fault: the retry claims again
    throw err;
  }
  if (result === 'needs OCR') {
    await releaseClaim(ctx.db, documentId, attempt); // the OCR job claims it for itself
    await enqueue(ctx.queues, 'ocr', job);
    return 'sent to OCR';
  }
  if (result.ok) {
    const write = await writeExtraction(ctx.db, documentId, EXTRACTOR_VERSION, result.value, generation, attempt);
    return { moved: write.moved, extracted: write.written ? result.value : null };
  }
  const write = await writeExtractionFailure(ctx.db, documentId, EXTRACTOR_VERSION, result.error, generation, attempt);
  return { moved: write.moved, extracted: null };
}

/**
 * Extracts one document without recording it: its text and blocks, or the reason it failed (logged and counted), or
 * 'needs OCR' for a scan, which the caller gives to the OCR queue. Throws on an infrastructure fault.
 */
export async function extractOne(
  ctx: WorkerContext,
  { messageId, documentId }: Pick<JobPayload<'extract'>, 'messageId' | 'documentId'>,
  input: ExtractInput,
): Promise<Result<ExtractedDocument> | 'needs OCR'> {
  const result = await ctx.extractor.extract(input, ctx.extractLimits);
  if (!result.ok && result.error.code === 'extract.needs_ocr') {
    ctx.logger.info(
      { event: 'extract.sent_to_ocr', messageId, documentId, detail: result.error.detail },
      'document sent to OCR',
    );
    return 'needs OCR';
  }
  if (!result.ok) {
    extractionFailures.inc({ code: result.error.code });
    ctx.logger.warn(
      { event: 'extract.failed', messageId, documentId, code: result.error.code, detail: result.error.detail },
      'document not extracted',
    );
  }
  return result;
}
