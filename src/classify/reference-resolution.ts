import type { Taxonomy } from '../core/types.ts';
import type { Labelled } from './evaluate.ts';
import { findReferences, groupMatcher } from './references.ts';

export interface ReferenceResolution {
  /** Gold items that the passage's own text cites explicitly ("zu Nr. 7 der Anlage 1"). */
  cited: number;
  /** Of those, how many the classifier tagged. */
  resolved: number;
  /** Explicit citations that point at an item the gold labels do not have (a wrong mapping or a wrong label). */
  misresolved: number;
}

/**
 * How well explicit references are resolved: the bar is 100%, since a cited number maps to its item through the
 * taxonomy without guessing. Only references the text makes itself count (no heading or earlier passage here).
 */
export function referenceResolution(
  gold: readonly (Labelled & { text: string; boilerplate?: boolean | undefined })[],
  predicted: readonly Labelled[],
  taxonomy: Taxonomy,
): ReferenceResolution {
  const groups = groupMatcher(taxonomy);
  const byId = new Map(predicted.map((p) => [p.id, p]));
  const result: ReferenceResolution = { cited: 0, resolved: 0, misresolved: 0 };
  for (const g of gold) {
    if (g.boilerplate) continue;
    const cited = findReferences(g.text, taxonomy, groups, null)
      .filter((r) => r.groupFrom === 'explicit')
      .map((r) => r.itemId);
    for (const item of cited) {
      if (!g.items.includes(item)) {
        result.misresolved++;
        continue;
      }
      result.cited++;
      if (byId.get(g.id)?.items.includes(item)) result.resolved++;
    }
  }
  return result;
}
