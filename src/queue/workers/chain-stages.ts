import type { DocumentInput } from '../../core/types.ts';
import { stageDuration } from '../../ops/metrics.ts';
import { documentId } from '../../store/documents.ts';
import { advanceWhenExtracted } from '../../store/messages.ts';
import type { WorkerContext } from '../worker-context.ts';
import { classifyDocuments, type ClassifySubject } from './classify.worker.ts';
import { extractOne } from './extract.worker.ts';
import { EXTRACTOR_VERSION } from '../../extract/version.ts';
import { recordMessageExtractions } from '../../store/extraction-writes.ts';
import { enqueue } from '../queues.ts';

/**
 * Carries a freshly parsed mail through extraction and classification inside its parse job. On typical replies the
 * stages take a few milliseconds, and a job per document and stage cost more in Redis and PostgreSQL round trips
 * than the work itself (bench:pipeline). Every stage still records its result before the next one runs, so a crash
 * anywhere leaves the message where the recovery sweep and a retried parse job pick it up through the stage queues;
 * scans still go to the OCR queue, and reprocessing still enqueues stage jobs. Classification uses the documents
 * just extracted and recorded, not a read back of them.
 */
export async function extractAndClassifyInline(
  ctx: WorkerContext,
  message: Omit<ClassifySubject, 'documents'>,
  documents: readonly DocumentInput[],
): Promise<void> {
  const { messageId, generation } = message;
  // Documents are extracted side by side (the extractor's threads take them in turn), then recorded together: one
  // statement for the message, its fan-in included. All extractions settle before a failure fails the job, so its
  // retry (through the stage queues) never races an extraction still under way.
  const settled = await Promise.allSettled(
    documents.map(async (d) => {
      const id = documentId(messageId, d.path);
      const input = { bytes: d.bytes, declaredType: d.declaredType, filename: d.filename };
      return {
        id,
        result: await timed('extract', () => extractOne(ctx, { documentId: id, messageId, generation }, input)),
      };
    }),
  );
  const outcomes = settled.map((s) => {
    if (s.status === 'rejected') throw s.reason; // the retried parse job continues through the stage queues
    return s.value;
  });
  const recorded = outcomes.flatMap(({ id, result }) =>
    result === 'needs OCR' ? [] : [{ documentId: id, extractorVersion: EXTRACTOR_VERSION, result }],
  );
  const moved = recorded.length > 0 && (await recordMessageExtractions(ctx.db, messageId, generation, recorded));
  const scans = outcomes.filter((o) => o.result === 'needs OCR');
  if (scans.length > 0) {
    // The OCR jobs move the message on once the scans are read; their documents stayed pending.
    await enqueue(
      ctx.queues,
      'ocr',
      scans.map((o) => ({ documentId: o.id, messageId, generation })),
    );
    return;
  }
  // A document written by someone else meanwhile (a redelivered job) may have held the fan-in back: run it alone.
  if (!moved && !(await advanceWhenExtracted(ctx.db, messageId, generation))) return;
  const extracted = recorded.flatMap((r) => (r.result.ok ? [{ id: r.documentId, doc: r.result.value }] : []));
  await timed('classify', () => classifyDocuments(ctx, { ...message, documents: extracted }));
}

/** The chained stages show in the stage latency histogram as their jobs would. */
async function timed<T>(stage: 'extract' | 'classify', run: () => Promise<T>): Promise<T> {
  const end = stageDuration.startTimer({ stage });
  try {
    return await run();
  } finally {
    end();
  }
}
