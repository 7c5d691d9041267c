import type { ExtractedDocument, TaggedPassage } from '../core/types.ts';
import type { Taxonomy } from '../core/types.ts';
import { buildPassages } from '../extract/segment/passages.ts';
import { classifyPassages } from './classify-passages.ts';
import type { Predictor } from './model/predict.ts';
import type { ReviewerMemory } from './reviewer-memory.ts';

/** An extracted document → its passages, each with machine tags. Pure: the classify worker and dry runs share it. */
export function tagDocument(
  doc: ExtractedDocument,
  taxonomy: Taxonomy,
  reviewThreshold: number,
  model: Predictor | null = null,
  memory: ReviewerMemory | null = null,
): TaggedPassage[] {
  const passages = buildPassages(doc);
  const results = classifyPassages(passages, taxonomy, { reviewThreshold, model, memory });
  return passages.map((passage, i) => {
    const r = results[i];
    if (!r || r.seq !== passage.seq) throw new Error(`classifier returned no tags for passage ${passage.seq}`);
    return { passage, tags: [...r.items, ...r.topics, r.stance], needsReview: r.needsReview };
  });
}
