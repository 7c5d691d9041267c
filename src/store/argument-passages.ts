import type { ArgumentPassage } from '../core/argument-types.ts';
import type { Queryable } from './db.ts';
import { effectiveOnDimension } from './effective-tags.ts';
import { listReviewRecords } from './review-records.ts';

/**
 * The statement passages of a pipeline as argument grouping sees them: content only (a reviewer's boilerplate mark
 * wins over the extractor's), with the effective items and topics (a reviewer's tags replace the machine's) as the
 * subjects they are grouped under.
 */
export async function listArgumentPassages(q: Queryable, pipelineId: string): Promise<ArgumentPassage[]> {
  const records = await listReviewRecords(q, pipelineId);
  return records
    .filter((r) => !(r.boilerplate_override ?? r.boilerplate !== null))
    .map((r) => ({
      id: r.passage_id,
      text: r.text,
      subjects: [
        ...effectiveOnDimension(r.tags, 'item').map((t) => t.label),
        ...effectiveOnDimension(r.tags, 'topic').map((t) => t.label),
      ],
    }))
    .filter((p) => p.subjects.length > 0);
}
