import { producedBy } from '../../classify/classify-passages.ts';
import { tagDocument } from '../../classify/tag-document.ts';
import { listDocuments, listExtractedDocuments, toExtractedDocument } from '../../store/documents.ts';
import { advanceMessage, failMessage, getMessage, lockMessage } from '../../store/messages.ts';
import { replaceDocumentPassages } from '../../store/passages.ts';
import { classifierModelFor } from '../../training/model-source.ts';
import type { JobPayload } from '../jobs.ts';
import type { WorkerContext } from '../worker-context.ts';

/** classify: passages of every extracted document → tags, written atomically per message. */
export async function runClassifyJob(ctx: WorkerContext, { messageId, generation }: JobPayload<'classify'>): Promise<void> {
  const message = await getMessage(ctx.db, messageId);
  if (message.generation !== generation) return; // superseded by a reprocess
  if (message.state !== 'extracted') return; // already classified (redelivery) or failed: nothing to do
  const pipeline = await ctx.loadPipeline(message.pipeline_id);
  const extracted = await listExtractedDocuments(ctx.db, messageId);
  if (extracted.length === 0) {
    await failMessage(ctx.db, messageId, await describeNothingExtracted(ctx, messageId), generation);
    return;
  }
  // The newest stored model of the pipeline, or one trained from its files: every tag records which.
  const model = await classifierModelFor(ctx.db, pipeline, { logger: ctx.logger });
  const perDocument = extracted.map((row) => ({
    documentId: row.id,
    tagged: tagDocument(toExtractedDocument(row), pipeline.taxonomy, pipeline.reviewThreshold, model),
  }));
  const written = await ctx.db.transaction(async (tx) => {
    // A reprocess may have reset the message since it was read: then these passages are stale and nothing is written.
    const now = await lockMessage(tx, messageId);
    if (now?.generation !== generation || now.state !== 'extracted') return false;
    for (const { documentId, tagged } of perDocument) {
      await replaceDocumentPassages(tx, messageId, documentId, tagged, producedBy(model));
    }
    return advanceMessage(tx, messageId, 'extracted', 'classified', generation);
  });
  if (!written) return;
  const passages = perDocument.reduce((n, d) => n + d.tagged.length, 0);
  ctx.logger.info({ messageId, passages, model: model.version }, 'message classified');
}

async function describeNothingExtracted(ctx: WorkerContext, messageId: string) {
  const docs = await listDocuments(ctx.db, messageId);
  if (docs.length === 0) return { code: 'extract.empty' as const, detail: 'the mail has neither a text body nor an attachment' };
  const rows = await ctx.db.query<{ path: string; error_code: string | null; error_detail: string | null }>(
    'SELECT path, error_code, error_detail FROM documents WHERE message_id = $1 ORDER BY position',
    [messageId],
  );
  const reasons = rows.map((r) => `${r.path}: ${r.error_code ?? 'unknown'} (${r.error_detail ?? ''})`).join('; ');
  return { code: 'extract.failed' as const, detail: `no document of this mail could be extracted — ${reasons}` };
}
