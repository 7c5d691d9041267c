/** How far a group's probability falls short of the best group's, to a power (1 for an item outside every group). */
export function groupFactor(groupProbs: ArrayLike<number>, group: number, exponent: number): number {
  if (group < 0 || exponent === 0) return 1;
  let best = 0;
  for (let g = 0; g < groupProbs.length; g++) best = Math.max(best, groupProbs[g] ?? 0);
  return best === 0 ? 1 : ((groupProbs[group] ?? 0) / best) ** exponent;
}
