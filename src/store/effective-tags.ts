import type { TagDimension, TagSource } from '../core/types.ts';

/**
 * A reviewer tag with this label says "nothing on this dimension": without it, removing the machine's only item
 * would leave no reviewer tag, and the machine's tag would count again. Taxonomy ids start with a letter or digit,
 * so this label can never collide with one.
 */
export const NO_TAG_LABEL = '-none-';

interface DimensionTag {
  dimension: TagDimension;
  source: TagSource;
  label: string;
}

const DIMENSIONS: readonly TagDimension[] = ['item', 'topic', 'stance'];

/** Reviewer tags on a dimension replace the machine's on that dimension; otherwise the machine's stand. */
export function effectiveOnDimension<T extends DimensionTag>(tags: readonly T[], dimension: TagDimension): T[] {
  const onDimension = tags.filter((t) => t.dimension === dimension);
  const reviewer = onDimension.filter((t) => t.source === 'reviewer');
  return (reviewer.length > 0 ? reviewer : onDimension).filter((t) => t.label !== NO_TAG_LABEL);
}

/** True when a reviewer has spoken on the dimension (including "nothing here"). */
export function reviewerDecided(tags: readonly DimensionTag[], dimension: TagDimension): boolean {
  return tags.some((t) => t.dimension === dimension && t.source === 'reviewer');
}

/** The weakest effective tag: how far a passage can be trusted as a whole (0 when it has none). */
export function weakestConfidence(tags: readonly (DimensionTag & { confidence: number })[]): number {
  const chosen = DIMENSIONS.flatMap((d) => effectiveOnDimension(tags, d));
  return chosen.length ? Math.min(...chosen.map((t) => t.confidence)) : 0;
}
