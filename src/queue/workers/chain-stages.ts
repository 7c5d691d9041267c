import type { DocumentInput, ExtractedDocument } from '../../core/types.ts';
import type { Result } from '../../core/errors.ts';
import { EXTRACTOR_VERSION } from '../../extract/version.ts';
import { stageDuration } from '../../ops/metrics.ts';
import { claimDocument, documentId } from '../../store/documents.ts';
import { writeMessageExtractions, type MessageExtraction } from '../../store/extraction-writes.ts';
import { advanceWhenExtracted } from '../../store/messages.ts';
import { enqueue } from '../queues.ts';
import type { WorkerContext } from '../worker-context.ts';
import { WORKER_ID } from '../worker-heartbeat.ts';
import { classifyDocuments, type ClassifySubject } from './classify.worker.ts';
import { extractOne } from './extract.worker.ts';
import { completeExtractionIfLast } from './fan-in.ts';

/** One document's run inside the chained job: not claimed (another live run has it), or claimed and what came of it. */
type DocumentRun =
  | { id: string; attempt: null; error?: unknown }
  | { id: string; attempt: number; result: Result<ExtractedDocument> | 'needs OCR' }
  | { id: string; attempt: number; result: 'threw'; error: unknown };

/**
 * Carries a freshly parsed mail through extraction and classification inside its parse job. On typical replies the
 * stages take a few milliseconds, and a job per document and stage cost more in Redis and PostgreSQL round trips
 * than the work itself (bench:pipeline). Every stage still records its result before the next one runs, so a crash
 * anywhere leaves the message where the recovery sweep and a retried parse job pick it up through the stage queues;
 * scans still go to the OCR queue, and reprocessing still enqueues stage jobs. Classification uses the documents
 * just extracted and recorded, not a read back of them.
 *
 * `claims`: the claim token of each document the parse write inserted already claimed for this process
 * (recordParsedMailClaimed); any other document is claimed here first. The documents' outcomes are recorded in one
 * statement with the fan-in (store/extraction-writes.ts), each under its claim (docs/reliability.md, class 2).
 */
export async function extractAndClassifyInline(
  ctx: WorkerContext,
  message: Omit<ClassifySubject, 'documents'>,
  documents: readonly DocumentInput[],
  claims: ReadonlyMap<string, number> = new Map(),
): Promise<void> {
  const { messageId, generation } = message;
  // Documents are extracted side by side (the extraction processes take them in turn), and every extraction settles
  // before anything is written or thrown, so the retry of a failed job never races an extraction still under way.
  const runs = await Promise.all(
    documents.map(async (d): Promise<DocumentRun> => {
      const id = documentId(messageId, d.path);
      let attempt;
      try {
        attempt = claims.get(id) ?? (await claimDocument(ctx.db, id, WORKER_ID));
      } catch (error) {
        return { id, attempt: null, error };
      }
      if (attempt === null) return { id, attempt };
      const input = { bytes: d.bytes, declaredType: d.declaredType, filename: d.filename };
      try {
        return {
          id,
          attempt,
          result: await timed('extract', () => extractOne(ctx, { messageId, documentId: id }, input)),
        };
      } catch (error) {
        return { id, attempt, result: 'threw', error };
      }
    }),
  );
  const outcomes = runs.flatMap((r): MessageExtraction[] => {
    if (r.attempt === null) return [];
    const base = { documentId: r.id, attempt: r.attempt };
    // A scan goes to the OCR job, which claims it for itself; a run that threw gives its claim back for the retry.
    if (r.result === 'needs OCR' || r.result === 'threw') return [{ ...base, kind: 'release' }];
    return r.result.ok
      ? [{ ...base, kind: 'extracted', version: EXTRACTOR_VERSION, doc: r.result.value }]
      : [{ ...base, kind: 'failed', version: EXTRACTOR_VERSION, failure: r.result.error }];
  });
  const write = await writeMessageExtractions(ctx.db, messageId, generation, outcomes);
  for (const r of runs) if ('error' in r) throw r.error; // the retried parse job continues through the stage queues
  const scans = runs.filter((r) => 'result' in r && r.result === 'needs OCR');
  // The OCR jobs move the message on once the scans are read.
  if (scans.length > 0)
    return enqueue(
      ctx.queues,
      'ocr',
      scans.map((r) => ({ documentId: r.id, messageId, generation })),
    );
  const extracted: { id: string; doc: ExtractedDocument }[] = [];
  for (const r of runs) {
    // Another live run holds the document, or finished it or took it over before this write: that run moves the
    // message on; the fan-in runs here too, in case it already has and only the move is owed.
    if (r.attempt === null || !write.written.has(r.id)) return completeExtractionIfLast(ctx, messageId, generation);
    if (typeof r.result === 'object' && r.result.ok) extracted.push({ id: r.id, doc: r.result.value });
  }
  // Written, but the message did not move (a reprocess reset it meanwhile, or a document this run did not see is
  // pending): the fan-in as its own statement decides.
  if (!write.moved && !(await advanceWhenExtracted(ctx.db, messageId, generation))) return;
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
