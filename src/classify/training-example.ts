import { z } from 'zod';
import type { Taxonomy, TrainingExample } from '../core/types.ts';

export type { TrainingExample };

/** A line of training/*.jsonl and of an eval gold file: `{"id","text","items","topics","stance"}`. */
export const LabelledLine = z.object({
  id: z.string().min(1),
  text: z.string(),
  items: z.array(z.string()).default([]),
  topics: z.array(z.string()).default([]),
  stance: z.string().min(1),
  boilerplate: z.boolean().optional(),
});
export type LabelledLine = z.infer<typeof LabelledLine>;

/**
 * The taxonomy itself as examples, so a new consultation classifies on day one before anyone labelled a passage:
 * an item's label, description and keywords stand for a passage about that item; a stance's cues for that stance.
 */
export function taxonomyExamples(taxonomy: Taxonomy): TrainingExample[] {
  return [
    ...taxonomy.items.map((i) => ({ text: `${i.label}. ${i.description} ${i.keywords.join(', ')}`, items: [i.id] })),
    ...taxonomy.topics.map((t) => ({ text: `${t.label}. ${t.keywords.join(', ')}`, topics: [t.id] })),
    ...taxonomy.stances.map((s) => ({ text: s.cues.join(', '), stance: s.id })),
  ];
}
