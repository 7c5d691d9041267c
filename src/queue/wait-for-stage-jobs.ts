import type { StageQueues } from './queues.ts';

/**
 * Waits until the message stages and the relations refresh have no job waiting, active or delayed; returns false if
 * the deadline passes first. A message reads "classified" as soon as its passages are written, while the debounced
 * relations job (attribution of the respondent, groups, endorsements) runs up to one debounce interval later: a
 * caller that reads relations right after its messages (`ruecklauf ingest` then `export`) waits for this too.
 * The debounced `arguments` job is not waited for: it can take minutes and nothing on a message depends on it.
 */
export async function waitForStageJobs(queues: StageQueues, timeoutMs = 60_000): Promise<boolean> {
  const stages = [queues.parse, queues.extract, queues.ocr, queues.classify, queues.relations];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(stages.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
    if (counts.every((c) => Object.values(c).every((n) => n === 0))) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
