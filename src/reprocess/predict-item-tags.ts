import { parseMail } from '../parse/parse-mail.ts';
import { ocrScan } from '../extract/ocr/ocr-document.ts';
import { tagPassages } from '../classify/tag-passages.ts';
import { buildPassages } from '../extract/segment/passages.ts';
import { classifierModelFor } from '../training/model-source.ts';
import type { Pipeline } from '../config/pipeline.ts';
import type { Db } from '../store/db.ts';
import { getBlob } from '../store/blobs.ts';
import { documentId, listDocuments, listExtractedDocuments, toExtractedDocument } from '../store/documents.ts';
import { getMessage } from '../store/messages.ts';
import { passageIds } from '../store/passages.ts';
import type { ReprocessStage } from '../store/reprocessing.ts';
import type { Extractor } from '../sandbox/isolated-extractor.ts';
import type { ExtractLimits } from '../extract/limits.ts';
import type { DocumentInput, ExtractedDocument } from '../core/types.ts';

export type ItemPair = readonly [passageId: string, item: string];

/** The machine item tags a message has now (reviewer tags are not machine output and never change). */
export async function currentItemTags(db: Db, messageId: string): Promise<ItemPair[]> {
  const rows = await db.query<{ passage_id: string; label: string }>(
    `SELECT t.passage_id, t.label FROM tags t JOIN passages p ON p.id = t.passage_id
     WHERE p.message_id = $1 AND p.superseded_at IS NULL AND t.dimension = 'item' AND t.source <> 'reviewer'`,
    [messageId],
  );
  return rows.map((r) => [r.passage_id, r.label] as const);
}

/**
 * The machine item tags a reprocess from `stage` would produce, computed without writing anything: re-extraction
 * runs in the same isolated extractor the workers use; a message never parsed is parsed first.
 */
export interface Predictor {
  db: Db;
  extractor: Extractor;
  extractLimits: ExtractLimits;
}

export async function predictItemTags(
  p: Predictor,
  pipeline: Pipeline,
  messageId: string,
  stage: ReprocessStage,
): Promise<ItemPair[]> {
  const docs = stage === 'classify' ? await storedExtractions(p.db, messageId) : await freshExtractions(p, messageId);
  // The same model the classify worker would pick, so an unchanged input predicts no change; a dry run stores none.
  const model = await classifierModelFor(p.db, pipeline, { store: false });
  return docs.flatMap(({ id, doc }) => {
    const tagged = tagPassages(buildPassages(doc), pipeline.taxonomy, pipeline.reviewThreshold, model);
    const ids = passageIds(
      id,
      tagged.map((t) => t.passage),
    );
    return tagged.flatMap((t, i) =>
      t.tags.filter((tag) => tag.dimension === 'item').map((tag) => [ids[i] as string, tag.label] as const),
    );
  });
}

async function storedExtractions(db: Db, messageId: string) {
  return (await listExtractedDocuments(db, messageId)).map((row) => ({ id: row.id, doc: toExtractedDocument(row) }));
}

async function freshExtractions({ db, extractor, extractLimits }: Predictor, messageId: string) {
  const stored = await listDocuments(db, messageId);
  let inputs: (DocumentInput & { id: string })[];
  if (stored.length > 0) {
    inputs = [];
    for (const d of stored) {
      const bytes = await getBlob(db, d.blob_sha256);
      inputs.push({
        id: d.id,
        path: d.path,
        kind: d.kind,
        filename: d.filename,
        declaredType: d.declared_type,
        bytes,
        origin: null,
      });
    }
  } else {
    const message = await getMessage(db, messageId);
    const parsed = await parseMail(await getBlob(db, message.raw_sha256));
    inputs = parsed.documents.map((d) => ({ ...d, id: documentId(messageId, d.path) }));
  }
  const out: { id: string; doc: ExtractedDocument }[] = [];
  for (const input of inputs) {
    let result = await extractor.extract(input, extractLimits);
    // Scans take the OCR route in the pipeline; a dry run must predict what that route yields.
    if (!result.ok && result.error.code === 'extract.needs_ocr') {
      result = await ocrScan(input.bytes, extractLimits);
    }
    if (result.ok) out.push({ id: input.id, doc: result.value });
  }
  return out;
}
