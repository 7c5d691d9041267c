import type { DocumentInput } from '../../core/types.ts';
import { stageDuration } from '../../ops/metrics.ts';
import { documentId } from '../../store/documents.ts';
import { advanceWhenExtracted } from '../../store/messages.ts';
import type { WorkerContext } from '../worker-context.ts';
import { classifyDocuments, type ClassifySubject } from './classify.worker.ts';
import { extractAndRecord } from './extract.worker.ts';

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
  // Documents are extracted side by side (the extractor's threads take them in turn); each write is its own statement.
  // All of them settle before a failure fails the job, so its retry never races a sibling's write still under way.
  const settled = await Promise.allSettled(
    documents.map(async (d) => {
      const id = documentId(messageId, d.path);
      const input = { bytes: d.bytes, declaredType: d.declaredType, filename: d.filename };
      return {
        id,
        outcome: await timed('extract', () => extractAndRecord(ctx, { documentId: id, messageId, generation }, input)),
      };
    }),
  );
  const outcomes = settled.map((s) => {
    if (s.status === 'rejected') throw s.reason; // the retried parse job continues through the stage queues
    return s.value;
  });
  const recorded = outcomes.flatMap(({ id, outcome }) => (typeof outcome === 'string' ? [] : [{ id, ...outcome }]));
  // A scan went to OCR, or another live run (a requeued stage job) holds a document: that job moves the message on.
  if (recorded.length < outcomes.length) return;
  // Two writes that commit at the same moment can each miss the other's: then the fan-in runs as its own statement.
  const moved = recorded.some((r) => r.moved) || (await advanceWhenExtracted(ctx.db, messageId, generation));
  if (!moved) return;
  const extracted = recorded.flatMap((r) => (r.extracted ? [{ id: r.id, doc: r.extracted }] : []));
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
