/** How close a grouping is to the gold one, over the same passages. Both are label per passage, same order. */
export interface GroupingScores {
  adjustedRand: number;
  homogeneity: number;
  completeness: number;
  vMeasure: number;
}

/**
 * Adjusted Rand index (Hubert & Arabie 1985: pair agreement corrected for chance; 0 = random, 1 = identical) and
 * V-measure (Rosenberg & Hirschberg 2007: harmonic mean of homogeneity — each found group holds one gold argument —
 * and completeness — each gold argument lands in one group), as scikit-learn computes them.
 */
export function scoreGrouping(gold: readonly string[], found: readonly string[]): GroupingScores {
  if (gold.length !== found.length) throw new RangeError('gold and found must label the same passages');
  const n = gold.length;
  const table = new Map<string, Map<string, number>>();
  const goldSizes = new Map<string, number>();
  const foundSizes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const g = gold[i]!;
    const f = found[i]!;
    const row = table.get(g) ?? new Map<string, number>();
    row.set(f, (row.get(f) ?? 0) + 1);
    table.set(g, row);
    goldSizes.set(g, (goldSizes.get(g) ?? 0) + 1);
    foundSizes.set(f, (foundSizes.get(f) ?? 0) + 1);
  }
  const pairs = (k: number) => (k * (k - 1)) / 2;
  let index = 0;
  for (const row of table.values()) for (const c of row.values()) index += pairs(c);
  const goldPairs = [...goldSizes.values()].reduce((s, k) => s + pairs(k), 0);
  const foundPairs = [...foundSizes.values()].reduce((s, k) => s + pairs(k), 0);
  const expected = n > 1 ? (goldPairs * foundPairs) / pairs(n) : 0;
  const max = (goldPairs + foundPairs) / 2;
  const adjustedRand = max === expected ? 1 : (index - expected) / (max - expected);

  const entropy = (sizes: Iterable<number>) => {
    let h = 0;
    for (const k of sizes) if (k > 0) h -= (k / n) * Math.log(k / n);
    return h;
  };
  const hGold = entropy(goldSizes.values());
  const hFound = entropy(foundSizes.values());
  let hGoldGivenFound = 0;
  let hFoundGivenGold = 0;
  for (const [g, row] of table)
    for (const [f, c] of row) {
      hGoldGivenFound -= (c / n) * Math.log(c / foundSizes.get(f)!);
      hFoundGivenGold -= (c / n) * Math.log(c / goldSizes.get(g)!);
    }
  const homogeneity = hGold === 0 ? 1 : 1 - hGoldGivenFound / hGold;
  const completeness = hFound === 0 ? 1 : 1 - hFoundGivenGold / hFound;
  const vMeasure =
    homogeneity + completeness === 0 ? 0 : (2 * homogeneity * completeness) / (homogeneity + completeness);
  return { adjustedRand, homogeneity, completeness, vMeasure };
}

/** A grouping as one label per passage: an argument's id, or the passage's own id when it is unassigned. */
export function labelsOf(
  ids: readonly string[],
  grouping: { arguments: readonly { id: string; passages: readonly string[] }[]; unassigned: readonly string[] },
): string[] {
  const of = new Map<string, string>();
  for (const a of grouping.arguments) for (const p of a.passages) of.set(p, `arg:${a.id}`);
  return ids.map((id) => of.get(id) ?? `single:${id}`);
}
