import type { ArgumentsEvaluation } from '../../arguments/evaluate-arguments.ts';
import type { GroupingScores } from '../../arguments/grouping-scores.ts';

const f = (x: number) => x.toFixed(3);
const cells = (s: GroupingScores) =>
  `V ${f(s.vMeasure)} (h ${f(s.homogeneity)} c ${f(s.completeness)})  ARI ${f(s.adjustedRand)}`;

/** The evaluation as a table: per item the grouping and the keyword baseline, then their means and the pooled figure. */
export function printArgumentsEvaluation(r: ArgumentsEvaluation): string {
  const lines = [
    'item               passages gold found  grouping                                  | keyword baseline',
  ];
  for (const i of r.items)
    lines.push(
      `${i.item.padEnd(18)} ${String(i.passages).padStart(8)} ${String(i.goldArguments).padStart(4)} ${String(i.foundArguments).padStart(5)}  ${cells(i.grouping)} | ${cells(i.baseline)}`,
    );
  const mean = (pick: (s: (typeof r.items)[number]) => GroupingScores, key: keyof GroupingScores) =>
    r.items.reduce((s, i) => s + pick(i)[key], 0) / Math.max(1, r.items.length);
  const meanOf = (pick: (s: (typeof r.items)[number]) => GroupingScores): GroupingScores => ({
    vMeasure: mean(pick, 'vMeasure'),
    homogeneity: mean(pick, 'homogeneity'),
    completeness: mean(pick, 'completeness'),
    adjustedRand: mean(pick, 'adjustedRand'),
  });
  lines.push(
    `${'mean over items'.padEnd(38)}  ${cells(meanOf((i) => i.grouping))} | ${cells(meanOf((i) => i.baseline))}`,
  );
  lines.push(`${'pooled (all items)'.padEnd(38)}  ${cells(r.pooled.grouping)} | ${cells(r.pooled.baseline)}`);
  return lines.join('\n') + '\n';
}
