import type { Db } from '../store/db.ts';
import { sha256Hex } from '../core/ids.ts';
import { insertMessage, type MessageProgress, type MessageRow } from '../store/messages.ts';
import { TERMINAL_MESSAGE_STATES } from '../core/types.ts';
import { identifyMail } from '../parse/mail-identity.ts';

/**
 * Hands a stored message to the pipeline for its next stage. Given by the composer (the queue's requeueMessage bound
 * to the queues), so intake stays below the queue and does not import it.
 */
export type EnqueueMessage = (message: MessageProgress) => Promise<void>;

export interface Received {
  messageId: string;
  /** false when this exact reply was stored before (redelivery, second folder, re-run of ingest). */
  inserted: boolean;
  message: MessageRow;
}

/**
 * The receive stage: the raw mail is stored content-addressed in PostgreSQL and its message row written by one
 * statement (atomic, one round trip) before anything else happens; only then is parsing enqueued. A mail already finished is not enqueued
 * again; one still in flight is (the deterministic job id absorbs the duplicate).
 */
export async function receiveMail(
  db: Db,
  enqueueNext: EnqueueMessage,
  raw: Uint8Array,
  meta: { pipelineId: string; source: string },
): Promise<Received> {
  const identity = identifyMail(raw);
  const message = {
    id: identity.id,
    pipelineId: meta.pipelineId,
    rawSha256: sha256Hex(raw),
    headerMessageId: identity.headerMessageId,
    contentHash: identity.contentHash,
    source: meta.source,
  };
  const { row, inserted } = await insertMessage(db, message, raw);
  if (!TERMINAL_MESSAGE_STATES.includes(row.state)) await enqueueNext(row);
  return { messageId: row.id, inserted, message: row };
}
