import { z } from 'zod';

/** Every stage is one BullMQ queue; the compiler checks that each has a payload schema and a job-id rule. */
export const JOB_NAMES = ['parse', 'extract', 'ocr', 'classify'] as const;
export type JobName = (typeof JOB_NAMES)[number];

const messageId = z.string().regex(/^msg_[0-9a-f]{32}$/);
const generation = z.number().int().min(1);
const MessageRef = z.object({ messageId, generation });
const DocumentRef = z.object({ documentId: z.string().regex(/^doc_[0-9a-f]{32}$/), messageId, generation });

export const JOB_PAYLOADS = {
  parse: MessageRef,
  extract: DocumentRef,
  /** Scans: their own queue, so slow OCR never starves text extraction (its concurrency is set apart). */
  ocr: DocumentRef,
  classify: MessageRef,
} satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof JOB_PAYLOADS)[N]>;

/**
 * Deterministic job ids: a redelivered or re-enqueued unit of work maps to the same BullMQ job while that job
 * exists; a reprocess bumps the generation and so gets fresh jobs. BullMQ forbids ':' and integer ids
 * (docs/reliability.md #7); ours are "<stage>-<hex id>-g<generation>".
 */
export function jobIdFor<N extends JobName>(name: N, payload: JobPayload<N>): string {
  const subject = 'documentId' in payload ? payload.documentId : payload.messageId;
  return `${name}-${subject}-g${payload.generation}`;
}
