import { producedBy } from '../../classify/classify-passages.ts';
import { FEATURE_VERSION } from '../../classify/features.ts';
import { tagPassages } from '../../classify/tag-passages.ts';
import { buildPassages } from '../../extract/segment/passages.ts';
import { listDocuments } from '../../store/documents.ts';
import { failMessage } from '../../store/messages.ts';
import { recordClassification } from '../../store/passages.ts';
import { readClassifyInput } from '../../store/stage-inputs.ts';
import type { ExtractedDocument } from '../../core/types.ts';
import type { JobPayload } from '../jobs.ts';
import type { WorkerContext } from '../worker-context.ts';
import { memoryWithout } from '../../classify/reviewer-memory.ts';
import { memoryCache } from '../../training/memory-source.ts';
import { predictorForJob } from './classifier-cache.ts';
import { enqueueRelationsSoon } from '../enqueue-relations.ts';
import { enqueueArgumentsSoon } from '../enqueue-arguments.ts';

// Reviewers' and imports' decisions, rebuilt when they change (one cheap query per job checks).
const memoryForJob = memoryCache();

/** classify: passages of every extracted document → tags, written atomically per message. */
export async function runClassifyJob(
  ctx: WorkerContext,
  { messageId, generation }: JobPayload<'classify'>,
): Promise<void> {
  const input = await readClassifyInput(ctx.db, messageId, generation, FEATURE_VERSION);
  if (input.generation !== generation) return; // superseded by a reprocess
  if (input.state !== 'extracted') return; // already classified (redelivery) or failed: nothing to do
  await classifyDocuments(ctx, { ...input, messageId });
}

/** What classification needs of a message that waits for it: the documents it extracted, in reading order. */
export interface ClassifySubject {
  messageId: string;
  generation: number;
  pipelineId: string;
  /** The newest model `ruecklauf train` stored for the pipeline, if any, as read along with the message. */
  trainedModelId: string | null;
  documents: readonly { id: string; doc: ExtractedDocument }[];
  /** Read along with the stage's input (store/stage-inputs.ts): the reviewer decisions' stamp, and this message's. */
  decisionsStamp: string;
  reviewedPassageIds: readonly string[];
}

/** Tags the documents' passages and records them with the message's move to `classified`, or its failure. */
export async function classifyDocuments(
  ctx: WorkerContext,
  { messageId, generation, pipelineId, trainedModelId, documents, decisionsStamp, reviewedPassageIds }: ClassifySubject,
): Promise<void> {
  if (documents.length === 0) {
    await failMessage(ctx.db, messageId, await describeNothingExtracted(ctx, messageId), generation);
    return;
  }
  const pipeline = await ctx.loadPipeline(pipelineId);
  // The newest stored model of the pipeline, or one trained from its files: every tag records which.
  const model = await predictorForJob(ctx, pipeline, trainedModelId);
  // Its own reviewed passages are not recalled: their reviewer tags stand, the machine rows keep the machine's view.
  const memory = memoryWithout(await memoryForJob(ctx.db, pipeline.id, decisionsStamp), new Set(reviewedPassageIds));
  const perDocument = documents.map(({ id, doc }) => ({
    documentId: id,
    tagged: tagPassages(buildPassages(doc), pipeline.taxonomy, pipeline.reviewThreshold, model, memory),
  }));
  // One statement: state change and passages together, and nothing when a reprocess reset the message meanwhile.
  const written = await recordClassification(ctx.db, messageId, generation, perDocument, producedBy(model));
  if (!written) return;
  // Both pipeline-wide follow-ups are debounced jobs; the two adds go out together (one round trip).
  await Promise.all([
    enqueueRelationsSoon(ctx.queues, pipelineId, { debounceMs: ctx.relationsDebounceMs }),
    enqueueArgumentsSoon(ctx.queues, pipelineId),
  ]);
  const passages = perDocument.reduce((n, d) => n + d.tagged.length, 0);
  ctx.logger.info({ event: 'message.classified', messageId, passages, model: model.version }, 'message classified');
}

async function describeNothingExtracted(ctx: WorkerContext, messageId: string) {
  const docs = await listDocuments(ctx.db, messageId);
  if (docs.length === 0)
    return { code: 'extract.empty' as const, detail: 'the mail has neither a text body nor an attachment' };
  const rows = await ctx.db.query<{ path: string; error_code: string | null; error_detail: string | null }>(
    'SELECT path, error_code, error_detail FROM documents WHERE message_id = $1 ORDER BY position',
    [messageId],
  );
  const reasons = rows.map((r) => `${r.path}: ${r.error_code ?? 'unknown'} (${r.error_detail ?? ''})`).join('; ');
  return { code: 'extract.failed' as const, detail: `no document of this mail could be extracted — ${reasons}` };
}
