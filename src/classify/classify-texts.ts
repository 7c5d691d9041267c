import type { Taxonomy } from '../core/types.ts';
import { classifyPassages } from './classify-passages.ts';
import type { Predictor } from './model/predict.ts';
import type { ReviewerMemory } from './reviewer-memory.ts';

/** The `ruecklauf classify` output contract, one line per input line. */
export interface TextClassification {
  id: string;
  items: string[];
  topics: string[];
  stance: string;
  /** Per tag label, its confidence. */
  confidence: Record<string, number>;
  /** "label: why", one per tag, in the order items, topics, stance. */
  reasons: string[];
}

/**
 * Standalone texts (no document around them): each is its own passage, with no heading and no annex carried over
 * from a neighbour, since lines of a JSONL file need not belong together.
 */
export function classifyTexts(
  lines: readonly { id: string; text: string }[],
  taxonomy: Taxonomy,
  opts: { reviewThreshold: number; model: Predictor | null; memory?: ReviewerMemory | null },
): TextClassification[] {
  return lines.map(({ id, text }) => {
    const [r] = classifyPassages(
      [{ seq: 0, text, page: null, start: 0, end: text.length, boilerplate: null, heading: null }],
      taxonomy,
      opts,
    );
    if (!r) throw new Error(`no classification for ${id}`);
    const tags = [...r.items, ...r.topics, r.stance];
    return {
      id,
      items: r.items.map((t) => t.label),
      topics: r.topics.map((t) => t.label),
      stance: r.stance.label,
      confidence: Object.fromEntries(tags.map((t) => [t.label, t.confidence])),
      reasons: tags.map((t) => `${t.label}: ${t.reason}`),
    };
  });
}
