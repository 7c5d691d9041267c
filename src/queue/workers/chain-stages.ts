import type { DocumentInput } from '../../core/types.ts';
import { stageDuration } from '../../ops/metrics.ts';
import { documentId } from '../../store/documents.ts';
import { advanceWhenExtracted } from '../../store/messages.ts';
import type { WorkerContext } from '../worker-context.ts';
import { runClassifyJob } from './classify.worker.ts';
import { extractAndRecord } from './extract.worker.ts';

/**
 * Carries a freshly parsed mail through extraction and classification inside its parse job. On typical replies the
 * stages take a few milliseconds, and a job per document and stage cost more in Redis and PostgreSQL round trips
 * than the work itself (bench:pipeline). Every stage still records its result before the next one runs, so a crash
 * anywhere leaves the message where the recovery sweep and a retried parse job pick it up through the stage queues;
 * scans still go to the OCR queue, and reprocessing still enqueues stage jobs.
 */
export async function extractAndClassifyInline(ctx: WorkerContext, messageId: string, generation: number, documents: readonly DocumentInput[]): Promise<void> {
  // Documents are extracted side by side (the extractor's threads take them in turn); each write is its own statement.
  // All of them settle before a failure fails the job, so its retry never races a sibling's write still under way.
  const settled = await Promise.allSettled(
    documents.map((d) =>
      timed('extract', () =>
        extractAndRecord(ctx, { documentId: documentId(messageId, d.path), messageId, generation }, { bytes: d.bytes, declaredType: d.declaredType, filename: d.filename }),
      ),
    ),
  );
  const outcomes = settled.map((s) => {
    if (s.status === 'rejected') throw s.reason; // the retried parse job continues through the stage queues
    return s.value;
  });
  // Two writes that commit at the same moment can each miss the other's: then the fan-in runs as its own statement.
  const moved = outcomes.includes(true) || (!outcomes.includes('sent to OCR') && (await advanceWhenExtracted(ctx.db, messageId, generation)));
  if (moved) await timed('classify', () => runClassifyJob(ctx, { messageId, generation }));
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
