import { LabelledLine } from '../classify/training-example.ts';
import type { LabelRow, LineProblem } from './label-rows.ts';

/** The eval gold format, one `{"id","text","items","topics","stance"}` per line; blank lines are skipped. */
export function jsonlLabelRows(text: string): { rows: LabelRow[]; problems: LineProblem[] } {
  const rows: LabelRow[] = [];
  const problems: LineProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      problems.push({ line, problem: 'not JSON (expected {"id","text","items","topics","stance"})' });
      return;
    }
    const parsed = LabelledLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'line';
      problems.push({
        line,
        problem: `${where}: ${issue?.message ?? 'invalid'} (expected {"id","text","items","topics","stance"})`,
      });
      return;
    }
    const { id, text: passage, items, topics, stance } = parsed.data;
    rows.push({ line, sourceId: id, text: passage, items, topics, stance });
  });
  return { rows, problems };
}
