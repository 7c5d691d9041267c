import type { Taxonomy } from '../core/types.ts';
import { nearestLabels } from './nearest-labels.ts';

/**
 * One labelled passage read from an import file. A dimension left undefined is unknown (the file said nothing about
 * it), an empty list is "none on this dimension": a negative for every label.
 */
export interface LabelRow {
  /** Where in the file: the JSONL line, or the spreadsheet row (the header is row 1). */
  line: number;
  sourceId: string;
  text: string;
  items?: string[];
  topics?: string[];
  stance?: string;
}

/** Everything wrong with one line, as a sentence naming the line. */
export interface LineProblem {
  line: number;
  problem: string;
}

/**
 * The problems of rows read from a file: unknown ids (with the nearest valid ones), empty texts, an id given twice.
 */
export function checkLabelRows(rows: readonly LabelRow[], taxonomy: Taxonomy): LineProblem[] {
  const valid = {
    item: taxonomy.items.map((i) => i.id),
    topic: taxonomy.topics.map((t) => t.id),
    stance: taxonomy.stances.map((s) => s.id),
  };
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const unknown = (dimension: keyof typeof valid, labels: readonly string[] | undefined) => {
      for (const label of labels ?? [])
        if (!valid[dimension].includes(label))
          problems.push({
            line: row.line,
            problem: `unknown ${dimension} "${label}" — nearest valid: ${nearestLabels(label, valid[dimension]).join(', ')}`,
          });
    };
    if (row.text.trim() === '') problems.push({ line: row.line, problem: 'the text is empty' });
    unknown('item', row.items);
    unknown('topic', row.topics);
    unknown('stance', row.stance === undefined ? undefined : [row.stance]);
    if (row.items === undefined && row.topics === undefined && row.stance === undefined)
      problems.push({ line: row.line, problem: 'no items, topics or stance: nothing to learn' });
    const earlier = firstLineOf.get(row.sourceId);
    if (earlier !== undefined)
      problems.push({ line: row.line, problem: `id "${row.sourceId}" is already used on line ${earlier}` });
    else firstLineOf.set(row.sourceId, row.line);
  }
  return problems.sort((a, b) => a.line - b.line);
}
