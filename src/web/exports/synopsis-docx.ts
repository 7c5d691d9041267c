import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { citation, type SynopsisItem } from './passage-rows.ts';

// Column widths in twentieths of a point (A4 text width is about 9000): Word and LibreOffice both honour these,
// while percentage widths alone leave the narrow columns to the renderer's guess.
const WIDTHS = [1900, 2500, 5200] as const;
const cell = (children: Paragraph[], column: 0 | 1 | 2, header = false) =>
  new TableCell({
    children,
    width: { size: WIDTHS[column], type: WidthType.DXA },
    ...(header ? { shading: { fill: 'E7E6E6' } } : {}),
  });
const text = (t: string, o: { bold?: boolean; italics?: boolean } = {}) =>
  new Paragraph({ children: [new TextRun({ text: t, ...o })] });

/** The table of statements on one item: stance, respondent with document and page, and the quote. */
function statementsTable(item: SynopsisItem): Table {
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell([text('Haltung', { bold: true })], 0, true),
      cell([text('Landkreis / Quelle', { bold: true })], 1, true),
      cell([text('Aussage', { bold: true })], 2, true),
    ],
  });
  const rows = item.groups.flatMap((g) =>
    g.rows.map(
      (r) =>
        new TableRow({
          children: [
            cell([text(g.stanceLabel)], 0),
            cell(
              [text(r.respondent, { bold: true }), text(citation(r).slice(r.respondent.length + 2), { italics: true })],
              1,
            ),
            cell(
              [text(`„${r.text}“`), text(`(${citation(r)}${r.reviewed ? '' : '; ungeprüft'})`, { italics: true })],
              2,
            ),
          ],
        }),
    ),
  );
  return new Table({ rows: [header, ...rows], columnWidths: [...WIDTHS], width: { size: 9600, type: WidthType.DXA } });
}

/** The synopsis as a Word document: a heading per item, then its statements as a table (or "keine Aussagen"). */
export async function synopsisDocx(o: {
  title: string;
  deadline: string;
  items: readonly SynopsisItem[];
  generatedAt: Date;
  /** Per item id, its arguments (exports/arguments-docx.ts), printed before its statements. */
  argumentSections?: ReadonlyMap<string, readonly Paragraph[]>;
}): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: 'Synopse der Stellungnahmen', heading: HeadingLevel.TITLE }),
    new Paragraph({ children: [new TextRun({ text: o.title, italics: true })] }),
    new Paragraph({
      alignment: AlignmentType.LEFT,
      children: [
        new TextRun(
          `Frist ${o.deadline.split('-').reverse().join('.')} · erstellt ${o.generatedAt.toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })}`,
        ),
      ],
    }),
  ];
  for (const item of o.items) {
    children.push(new Paragraph({ text: item.title, heading: HeadingLevel.HEADING_1 }));
    if (item.description)
      children.push(new Paragraph({ children: [new TextRun({ text: item.description, italics: true })] }));
    children.push(...(o.argumentSections?.get(item.id) ?? []));
    children.push(item.count > 0 ? statementsTable(item) : text('Keine Aussagen.'));
    for (const line of item.endorsements) children.push(text(line, { italics: true }));
  }
  const doc = new Document({
    creator: 'Rücklauf',
    title: 'Synopse der Stellungnahmen',
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
