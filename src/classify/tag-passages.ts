import type { Passage, TaggedPassage, Taxonomy } from '../core/types.ts';
import { classifyPassages } from './classify-passages.ts';
import type { Predictor } from './model/predict.ts';
import type { ReviewerMemory } from './reviewer-memory.ts';

/**
 * Passages → the same passages, each with machine tags. Pure: the classify worker and dry runs share it. The caller
 * builds the passages (extract's segmentation), so classification depends on the passage type only, not on extract.
 */
export function tagPassages(
  passages: readonly Passage[],
  taxonomy: Taxonomy,
  reviewThreshold: number,
  model: Predictor | null = null,
  memory: ReviewerMemory | null = null,
): TaggedPassage[] {
  const results = classifyPassages(passages, taxonomy, { reviewThreshold, model, memory });
  return passages.map((passage, i) => {
    const r = results[i];
    if (!r || r.seq !== passage.seq) throw new Error(`classifier returned no tags for passage ${passage.seq}`);
    return {
      passage,
      tags: [...r.items, ...r.topics, r.stance],
      needsReview: r.needsReview,
      instructive: r.instructive,
    };
  });
}
