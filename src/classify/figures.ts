/**
 * The shape of the figures in a passage, as features: a county reporting its own case numbers writes years, dates,
 * percentages and several counts ("2023 zwei, 2024 bisher fünf Fälle"), which word features cannot see since bare
 * numbers are no words. Section numbers of laws are left to the citation features.
 */
const YEAR = /(?<![\d.§])(?:19|20)\d\d(?!\d)/u;
const DATE = /(?<!\d)\d{1,2}\.\d{1,2}\.(?:\d{2,4})?/u;
const PERCENT = /\d\s*(?:%|prozent)/iu;
// A figure: digits not part of a longer number and not a section, paragraph or item number ("§ 62", "Nr. 7").
const NUMBER = /(?<!(?:§|abs\.|nr\.|art\.|ziff\.|ziffer|anlage)\s*)(?<![\d.,])\d+(?:[.,]\d+)*/giu;

export function figureFeatures(text: string): string[] {
  const out: string[] = [];
  if (YEAR.test(text)) out.push('fig:year');
  if (DATE.test(text)) out.push('fig:date');
  if (PERCENT.test(text)) out.push('fig:percent');
  const numbers = text.match(NUMBER)?.length ?? 0;
  out.push(`fig:count:${Math.min(3, numbers)}`);
  return out;
}
