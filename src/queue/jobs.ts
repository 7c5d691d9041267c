import { z } from 'zod';
import { stableId } from '../core/ids.ts';

/** Every stage is one BullMQ queue; the compiler checks that each has a payload schema and a job-id rule. */
export const JOB_NAMES = ['parse', 'extract', 'ocr', 'classify', 'relations', 'arguments'] as const;
export type JobName = (typeof JOB_NAMES)[number];

const messageId = z.string().regex(/^msg_[0-9a-f]{32}$/);
const generation = z.number().int().min(1);
const MessageRef = z.object({ messageId, generation });
const DocumentRef = z.object({ documentId: z.string().regex(/^doc_[0-9a-f]{32}$/), messageId, generation });
/** A pipeline-wide job; `window` numbers the debounce interval, so a burst of classifications is one job. */
const PipelineRef = z.object({ pipelineId: z.string().min(1), window: z.number().int().min(0) });

export const JOB_PAYLOADS = {
  parse: MessageRef,
  extract: DocumentRef,
  /** Scans: their own queue, so slow OCR never starves text extraction (its concurrency is set apart). */
  ocr: DocumentRef,
  classify: MessageRef,
  /** A pipeline's reply relations (attribution, groups, endorsements, versions): see queue/enqueue-relations.ts. */
  relations: PipelineRef,
  /** Argument grouping, once classification has settled: see queue/enqueue-arguments.ts. */
  arguments: PipelineRef,
} satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof JOB_PAYLOADS)[N]>;

/**
 * Deterministic job ids: a redelivered or re-enqueued unit of work maps to the same BullMQ job while that job
 * exists; a reprocess bumps the generation and so gets fresh jobs. BullMQ forbids ':' and integer ids
 * (docs/reliability.md #7); ours are "<stage>-<hex id>-g<generation>".
 */
export function jobIdFor<N extends JobName>(name: N, payload: JobPayload<N>): string {
  if ('pipelineId' in payload) return `${name}-${stableId('pipeline', payload.pipelineId)}-w${payload.window}`;
  const subject = 'documentId' in payload ? payload.documentId : payload.messageId;
  return `${name}-${subject}-g${payload.generation}`;
}

/**
 * Retraining a pipeline's model: not a stage of a message, so not among JOB_NAMES; its own queue and worker
 * (queue/train-queue.ts). `runId` names the training run, so a redelivered job does the work once.
 */
export const TrainJobPayload = z.object({
  pipelineId: z.string().min(1),
  reason: z.enum(['corrections', 'admin']),
  requestedBy: z.string().nullable().default(null),
  runId: z.string().regex(/^trn_[0-9a-f]{32}$/),
});
export type TrainJobPayload = z.infer<typeof TrainJobPayload>;
