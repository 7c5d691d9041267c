import { reviewerMemory, type ReviewerMemory } from '../classify/reviewer-memory.ts';
import type { Queryable } from '../store/db.ts';
import { decisionsStamp, listStoredDecisions } from '../store/remembered-passages.ts';

/** The reviewer memory of a pipeline as stored now: reviewer-confirmed passages and imported labels. */
export async function loadReviewerMemory(db: Queryable, pipelineId: string): Promise<ReviewerMemory> {
  return reviewerMemory(await listStoredDecisions(db, pipelineId));
}

/**
 * Per process and pipeline id, the memory built at the last stamp (see decisionsStamp): each caller pays one cheap
 * query, or none when it read the stamp along with its input, and a reviewer's correction or an import counts from
 * the next job on, without a retraining.
 */
export function memoryCache(): (db: Queryable, pipelineId: string, stamp?: string) => Promise<ReviewerMemory> {
  const built = new Map<string, { stamp: string; memory: Promise<ReviewerMemory> }>();
  return async (db, pipelineId, knownStamp) => {
    const stamp = knownStamp ?? (await decisionsStamp(db));
    const cached = built.get(pipelineId);
    if (cached?.stamp === stamp) return cached.memory;
    const memory = loadReviewerMemory(db, pipelineId);
    const entry = { stamp, memory };
    built.set(pipelineId, entry);
    memory.catch(() => {
      if (built.get(pipelineId) === entry) built.delete(pipelineId);
    });
    return memory;
  };
}
