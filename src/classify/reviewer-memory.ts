import type { Tag, TagDimension } from '../core/types.ts';
import { examplesPerItem } from './instructive.ts';
import { NearDuplicateIndex } from '../similarity/near-duplicates.ts';

/**
 * A passage a reviewer confirmed or a file imported: its text and the labels known for it. A dimension left
 * undefined is unknown (the reviewer only corrected the stance); an empty list is "nothing on this dimension".
 */
export interface RememberedPassage {
  /** Names the passage in a reason: `passage psg_… "Die Botschaft…"` or `gold.jsonl line 12`. */
  ref: string;
  /** For a reviewer-confirmed passage, its id: the passage itself is not recalled when its reply is classified again. */
  passageId?: string;
  text: string;
  items?: readonly string[];
  topics?: readonly string[];
  stance?: string;
}

export interface Recollection {
  passage: RememberedPassage;
  /** Jaccard similarity of the two texts' word 3-shingles (numbers folded), in [threshold, 1]. */
  similarity: number;
}

/** A passage's tags as the classifier returns them (classify-passages.ts's PassageTags). */
interface PassageTags {
  seq: number;
  items: Tag[];
  topics: Tag[];
  stance: Tag;
  needsReview: boolean;
}

/** The default minimum similarity: a county's copy of a model statement with its own name and figures passes. */
export const MEMORY_THRESHOLD = 0.7;

/** What the classifier remembers of reviewers' and imports' decisions, queried per passage. */
export interface ReviewerMemory {
  readonly size: number;
  /** Per item, how many remembered passages have it: how well reviewers have taught it (see instructive.ts). */
  readonly examplesPerItem: ReadonlyMap<string, number>;
  /** The most similar remembered passage, leaving out those whose passageId is in `skip`. */
  recall(text: string, skip?: ReadonlySet<string>): Recollection | null;
}

/** The memory without the given passages: a reply classified again must not recall its own reviewed passages. */
export function memoryWithout(memory: ReviewerMemory, skip: ReadonlySet<string>): ReviewerMemory {
  return skip.size === 0
    ? memory
    : { size: memory.size, examplesPerItem: memory.examplesPerItem, recall: (text) => memory.recall(text, skip) };
}

/**
 * Builds the memory. Of several remembered passages with the same text, the last one counts (a newer reviewer
 * decision over an older import); a passage matching several is given the most similar one.
 */
export function reviewerMemory(
  passages: readonly RememberedPassage[],
  threshold: number = MEMORY_THRESHOLD,
): ReviewerMemory {
  const index = new NearDuplicateIndex({ threshold });
  const byKey = new Map<string, RememberedPassage>();
  passages.forEach((p, i) => {
    index.add({ id: String(i), text: p.text });
    byKey.set(String(i), p);
  });
  return {
    size: byKey.size,
    examplesPerItem: examplesPerItem(passages),
    recall(text, skip) {
      const matches = index.query(text).filter((m) => {
        const own = byKey.get(m.id)?.passageId;
        return !(own !== undefined && skip?.has(own));
      });
      const best = matches[0];
      if (!best) return null;
      // Equally similar matches: the newest (highest position) wins.
      const top = matches.filter((m) => m.similarity === best.similarity).map((m) => Number(m.id));
      const passage = byKey.get(String(Math.max(...top)));
      return passage ? { passage, similarity: best.similarity } : null;
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The passage's tags with every dimension the remembered passage knows replaced by its labels, source `memory`,
 * confidence the similarity, and the reason naming the passage matched. Dimensions it does not know keep the
 * machine's tags; a passage now fully decided by memory at a confidence under the review threshold is still shown
 * to a reviewer.
 */
export function rememberedTags(tags: PassageTags, recalled: Recollection, reviewThreshold: number): PassageTags {
  const { passage, similarity } = recalled;
  const confidence = round(similarity);
  const reason = `memory: ${similarity === 1 ? 'same as' : `${Math.round(similarity * 100)} % like`} ${passage.ref}`;
  const tag = (dimension: TagDimension, label: string): Tag => ({
    dimension,
    label,
    confidence,
    reason,
    source: 'memory',
  });
  const items = passage.items ? passage.items.map((l) => tag('item', l)) : tags.items;
  const topics = passage.topics ? passage.topics.map((l) => tag('topic', l)) : tags.topics;
  const stance = passage.stance ? tag('stance', passage.stance) : tags.stance;
  const lowest = Math.min(stance.confidence, ...items.map((t) => t.confidence));
  // A reviewer's "no item, no topic" is a decision, not a gap: it needs no review for being empty.
  const empty = items.length + topics.length === 0 && !(passage.items && passage.topics);
  return { seq: tags.seq, items, topics, stance, needsReview: lowest < reviewThreshold || empty };
}
