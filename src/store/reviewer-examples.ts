import type { TrainingExample } from '../core/types.ts';
import type { Queryable } from './db.ts';
import { NO_TAG_LABEL } from './effective-tags.ts';

interface Row {
  passage_id: string;
  text: string;
  dimension: 'item' | 'topic' | 'stance';
  label: string;
}

/**
 * Every passage of the pipeline a reviewer tagged, as a training example. Only the dimensions the reviewer set are
 * known; the others stay undefined, so the machine's own guesses never train the machine. A reviewer's "nothing on
 * this dimension" (the NO_TAG_LABEL tag) is an example with no labels there: a negative for every label. Ordered by
 * passage id, so training on the same database twice gives the same model.
 */
export async function listReviewerExamples(q: Queryable, pipelineId: string): Promise<TrainingExample[]> {
  const rows = await q.query<Row>(
    `SELECT p.id AS passage_id, p.text, t.dimension, t.label
     FROM tags t JOIN passages p ON p.id = t.passage_id JOIN messages m ON m.id = p.message_id
     WHERE t.source = 'reviewer' AND m.pipeline_id = $1
     ORDER BY p.id, t.dimension, t.label`,
    [pipelineId],
  );
  const byPassage = new Map<string, TrainingExample>();
  for (const r of rows) {
    let e = byPassage.get(r.passage_id);
    if (!e) byPassage.set(r.passage_id, (e = { text: r.text }));
    const none = r.label === NO_TAG_LABEL;
    if (r.dimension === 'item') e.items = none ? (e.items ?? []) : [...(e.items ?? []), r.label];
    else if (r.dimension === 'topic') e.topics = none ? (e.topics ?? []) : [...(e.topics ?? []), r.label];
    else if (!none) e.stance = r.label;
  }
  return [...byPassage.values()];
}
