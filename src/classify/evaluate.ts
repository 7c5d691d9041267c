/** Precision, recall and F1 of one label, or of all labels of a dimension pooled (micro). */
export interface Scores {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface DimensionReport {
  perLabel: ({ label: string; support: number } & Scores)[];
  micro: Scores;
  /** Mean F1 over the labels that occur in the gold data or the predictions. */
  macroF1: number;
}

export interface EvalReport {
  passages: number;
  items: DimensionReport;
  topics: DimensionReport;
  stanceAccuracy: number;
  /** Item pairs (gold, predicted instead) within one passage, most frequent first. */
  confusedItems: { gold: string; predicted: string; count: number }[];
}

export interface Labelled {
  id: string;
  items: readonly string[];
  topics: readonly string[];
  stance: string;
}

export function scores(tp: number, fp: number, fn: number): Scores {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Compares predictions with gold lines by id; a gold line without a prediction counts as predicting nothing. */
export function evaluate(
  gold: readonly Labelled[],
  predicted: readonly Labelled[],
  labels: { items: readonly string[]; topics: readonly string[] },
): EvalReport {
  const byId = new Map(predicted.map((p) => [p.id, p]));
  const pairs = gold.map((g) => ({ g, p: byId.get(g.id) ?? { id: g.id, items: [], topics: [], stance: '' } }));
  const confused = new Map<string, number>();
  for (const { g, p } of pairs) {
    const missed = g.items.filter((i) => !p.items.includes(i));
    const wrong = p.items.filter((i) => !g.items.includes(i));
    for (const m of missed)
      for (const w of wrong) confused.set(`${m}\u0000${w}`, (confused.get(`${m}\u0000${w}`) ?? 0) + 1);
  }
  return {
    passages: gold.length,
    items: dimension(
      pairs.map(({ g, p }) => [g.items, p.items]),
      labels.items,
    ),
    topics: dimension(
      pairs.map(({ g, p }) => [g.topics, p.topics]),
      labels.topics,
    ),
    stanceAccuracy: gold.length === 0 ? 0 : pairs.filter(({ g, p }) => g.stance === p.stance).length / gold.length,
    confusedItems: [...confused]
      .map(([key, count]) => {
        const [g, p] = key.split('\u0000') as [string, string];
        return { gold: g, predicted: p, count };
      })
      .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted)),
  };
}

function dimension(
  pairs: readonly (readonly [readonly string[], readonly string[]])[],
  known: readonly string[],
): DimensionReport {
  const counts = new Map<string, { tp: number; fp: number; fn: number; support: number }>();
  const get = (l: string) => {
    let c = counts.get(l);
    if (!c) counts.set(l, (c = { tp: 0, fp: 0, fn: 0, support: 0 }));
    return c;
  };
  for (const l of known) get(l);
  for (const [gold, predicted] of pairs) {
    for (const l of gold) {
      get(l).support++;
      if (predicted.includes(l)) get(l).tp++;
      else get(l).fn++;
    }
    for (const l of predicted) if (!gold.includes(l)) get(l).fp++;
  }
  const perLabel = [...counts].map(([label, c]) => ({ label, support: c.support, ...scores(c.tp, c.fp, c.fn) }));
  const sum = (k: 'tp' | 'fp' | 'fn') => perLabel.reduce((n, l) => n + l[k], 0);
  const active = perLabel.filter((l) => l.support + l.fp > 0);
  return {
    perLabel,
    micro: scores(sum('tp'), sum('fp'), sum('fn')),
    macroF1: active.length === 0 ? 0 : active.reduce((n, l) => n + l.f1, 0) / active.length,
  };
}

const f = (x: number) => x.toFixed(3);

/** The report as text for a terminal: per-label table, then the summary lines. */
export function formatEvalReport(r: EvalReport, title: string, topConfused = 10): string {
  const lines: string[] = [`${title}: ${r.passages} passages`, ''];
  const table = (name: string, d: DimensionReport) => {
    lines.push(`${name.padEnd(22)} support precision recall    f1`);
    for (const l of d.perLabel)
      lines.push(
        `  ${l.label.padEnd(20)} ${String(l.support).padStart(7)} ${f(l.precision).padStart(9)} ${f(l.recall).padStart(6)} ${f(l.f1).padStart(5)}`,
      );
    lines.push('');
  };
  table('items', r.items);
  table('topics', r.topics);
  lines.push(
    `items   micro P ${f(r.items.micro.precision)} R ${f(r.items.micro.recall)} F1 ${f(r.items.micro.f1)}   macro F1 ${f(r.items.macroF1)}`,
  );
  lines.push(
    `topics  micro P ${f(r.topics.micro.precision)} R ${f(r.topics.micro.recall)} F1 ${f(r.topics.micro.f1)}   macro F1 ${f(r.topics.macroF1)}`,
  );
  lines.push(`stance  accuracy ${f(r.stanceAccuracy)}`);
  if (r.confusedItems.length > 0) {
    lines.push('', 'most confused items (gold → predicted instead)');
    for (const c of r.confusedItems.slice(0, topConfused)) lines.push(`  ${c.gold} → ${c.predicted}  ${c.count}`);
  }
  return lines.join('\n') + '\n';
}
