import { IntegrityError } from '../core/errors.ts';
import type { DocumentState, ExtractedDocument, MessageState } from '../core/types.ts';
import type { Queryable } from './db.ts';
import { DECISIONS_STAMP_SQL, reviewedPassagesSql } from './remembered-passages.ts';

/**
 * What each stage job reads before its work, in one query per job instead of one per table: the message's state
 * and generation decide whether the job is still current, and the bytes (or blocks) come along only when it is.
 */
export interface ParseInput {
  state: MessageState;
  generation: number;
  pipelineId: string;
  /** The raw mail; null unless the message waits for parsing in the asked generation. */
  raw: Uint8Array | null;
  /** As for classification (below): a parse job that carries its mail through the stages needs it. */
  trainedModelId: string | null;
  /** As for classification (below). */
  decisionsStamp: string;
  reviewedPassageIds: string[];
}

/** The newest model `ruecklauf train` stored for the message's pipeline on the given features ($3), if any. */
const NEWEST_TRAINED_MODEL = `LEFT JOIN LATERAL (SELECT id FROM models WHERE pipeline_id = m.pipeline_id AND feature_version = $3 AND origin = 'train'
                        ORDER BY created_at DESC, id LIMIT 1) tm ON true`;

export async function readParseInput(
  q: Queryable,
  messageId: string,
  generation: number,
  featureVersion: string,
): Promise<ParseInput> {
  const [row] = await q.query<{
    state: MessageState;
    generation: number;
    pipeline_id: string;
    raw: Uint8Array | null;
    trained_model: string | null;
    stamp: string;
    reviewed: string[] | null;
  }>(
    `SELECT m.state, m.generation, m.pipeline_id, tm.id AS trained_model,
       CASE WHEN m.state = 'received' AND m.generation = $2 THEN b.bytes END AS raw,
       ${DECISIONS_STAMP_SQL} AS stamp, ${reviewedPassagesSql('m.id')} AS reviewed
     FROM messages m LEFT JOIN blobs b ON b.sha256 = m.raw_sha256
     ${NEWEST_TRAINED_MODEL}
     WHERE m.id = $1`,
    [messageId, generation, featureVersion],
  );
  if (!row) throw new IntegrityError('integrity.row_missing', `message ${messageId} not found`);
  if (row.state === 'received' && row.generation === generation && !row.raw)
    throw new IntegrityError('integrity.bytes_missing', `raw mail of ${messageId} is missing`);
  return {
    state: row.state,
    generation: row.generation,
    pipelineId: row.pipeline_id,
    raw: row.raw,
    trainedModelId: row.trained_model,
    decisionsStamp: row.stamp,
    reviewedPassageIds: row.reviewed ?? [],
  };
}

export interface ExtractInput {
  state: DocumentState;
  /** The message's current generation. */
  generation: number;
  declaredType: string;
  filename: string | null;
  /** The document's bytes; null unless it is pending in the asked generation. */
  bytes: Uint8Array | null;
}

export async function readExtractInput(q: Queryable, documentId: string, generation: number): Promise<ExtractInput> {
  const [row] = await q.query<{
    state: DocumentState;
    generation: number;
    declared_type: string;
    filename: string | null;
    bytes: Uint8Array | null;
  }>(
    `SELECT d.state, m.generation, d.declared_type, d.filename,
       CASE WHEN d.state = 'pending' AND m.generation = $2 THEN b.bytes END AS bytes
     FROM documents d JOIN messages m ON m.id = d.message_id LEFT JOIN blobs b ON b.sha256 = d.blob_sha256
     WHERE d.id = $1`,
    [documentId, generation],
  );
  if (!row) throw new IntegrityError('integrity.row_missing', `document ${documentId} not found`);
  if (row.state === 'pending' && row.generation === generation && !row.bytes)
    throw new IntegrityError('integrity.bytes_missing', `bytes of document ${documentId} are missing`);
  return {
    state: row.state,
    generation: row.generation,
    declaredType: row.declared_type,
    filename: row.filename,
    bytes: row.bytes,
  };
}

export interface ClassifyInput {
  state: MessageState;
  generation: number;
  pipelineId: string;
  /** Id of the newest model `ruecklauf train` stored for the pipeline on these features, if any. */
  trainedModelId: string | null;
  /** Extracted documents in reading order; empty unless the message waits for classification in the asked generation. */
  documents: { id: string; doc: ExtractedDocument }[];
  /** The reviewer decisions' stamp (remembered-passages.ts), read along so the memory check costs no round trip. */
  decisionsStamp: string;
  /** Passages of this message a reviewer decided. */
  reviewedPassageIds: string[];
}

interface ClassifyRow {
  state: MessageState;
  generation: number;
  pipeline_id: string;
  trained_model: string | null;
  document_id: string | null;
  blocks: ExtractedDocument['blocks'] | null;
  format: string | null;
  text: string | null;
  page_count: number | null;
  stamp: string;
  reviewed: string[] | null;
}

/** The trained-model lookup rides along, so noticing a newly trained model costs no extra round trip. */
export async function readClassifyInput(
  q: Queryable,
  messageId: string,
  generation: number,
  featureVersion: string,
): Promise<ClassifyInput> {
  const rows = await q.query<ClassifyRow>(
    `SELECT m.state, m.generation, m.pipeline_id, tm.id AS trained_model,
       d.id AS document_id, d.blocks, d.format, d.text, d.page_count,
       ${DECISIONS_STAMP_SQL} AS stamp, ${reviewedPassagesSql('m.id')} AS reviewed
     FROM messages m
     ${NEWEST_TRAINED_MODEL}
     LEFT JOIN documents d ON d.message_id = m.id AND d.state = 'extracted' AND m.state = 'extracted' AND m.generation = $2
     WHERE m.id = $1 ORDER BY d.position`,
    [messageId, generation, featureVersion],
  );
  const [first] = rows;
  if (!first) throw new IntegrityError('integrity.row_missing', `message ${messageId} not found`);
  const documents = rows.flatMap((r) =>
    r.document_id === null
      ? []
      : [
          {
            id: r.document_id,
            doc: { format: r.format ?? '', text: r.text ?? '', blocks: r.blocks ?? [], pageCount: r.page_count },
          },
        ],
  );
  return {
    state: first.state,
    generation: first.generation,
    pipelineId: first.pipeline_id,
    trainedModelId: first.trained_model,
    documents,
    decisionsStamp: first.stamp,
    reviewedPassageIds: first.reviewed ?? [],
  };
}
