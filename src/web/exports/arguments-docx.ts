import { HeadingLevel, Paragraph, TextRun } from 'docx';
import type { ItemArguments } from './argument-summaries.ts';
import { citation } from './passage-rows.ts';

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The arguments of one item for the Word synopsis, before its statements: how many counties commented, then each
 * argument ranked by the number of counties with its label, counts, stances, representative quote and counties —
 * what the association's officer would otherwise write by hand.
 */
export function argumentsDocxSection(a: ItemArguments, stanceLabel: (id: string) => string): Paragraph[] {
  if (a.arguments.length === 0) return [];
  const everyone = new Set([
    ...a.arguments.flatMap((x) => x.respondents.map((r) => r.ags ?? r.name)),
    ...a.unassigned.map((p) => p.ags ?? p.respondent),
  ]);
  const out: Paragraph[] = [
    new Paragraph({ text: 'Argumente', heading: HeadingLevel.HEADING_2 }),
    new Paragraph({
      children: [
        new TextRun(
          `Zu dieser Nummer äußerten sich ${counted(everyone.size, 'Landkreis', 'Landkreise')}; ${counted(a.arguments.length, 'Argument', 'Argumente')}, nach Zahl der Landkreise geordnet.`,
        ),
      ],
    }),
  ];
  a.arguments.forEach((x, i) => {
    const stances = Object.entries(x.stances)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${stanceLabel(s)} ${n}`)
      .join(', ');
    out.push(
      new Paragraph({
        children: [
          new TextRun({ text: `${i + 1}. ${x.label}`, bold: true }),
          new TextRun(
            ` — ${counted(x.respondents.length, 'Landkreis', 'Landkreise')}, ${counted(x.passages.length, 'Aussage', 'Aussagen')}${stances ? ` (${stances})` : ''}${x.reviewed ? '' : '; maschinell gruppiert'}`,
          ),
        ],
      }),
      new Paragraph({
        indent: { left: 360 },
        children: [
          new TextRun({ text: `„${x.representative.text}“`, italics: true }),
          new TextRun({ text: ` (${citation(x.representative)})` }),
        ],
      }),
      new Paragraph({
        indent: { left: 360 },
        children: [new TextRun({ text: `Landkreise: ${x.respondents.map((r) => r.name).join(', ')}`, size: 18 })],
      }),
    );
  });
  if (a.unassigned.length > 0)
    out.push(
      new Paragraph({
        children: [
          new TextRun({ text: `Einzelne Äußerungen: ${a.unassigned.length} (in der Tabelle unten)`, italics: true }),
        ],
      }),
    );
  out.push(new Paragraph({ text: 'Aussagen', heading: HeadingLevel.HEADING_2 }));
  return out;
}
