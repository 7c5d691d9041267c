import { Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import type { Assessment } from '../../../../store/assessments.ts';
import type { PassageRow } from '../../passage-rows.ts';
import type { StanceGroup } from '../build-synopsis.ts';
import type { Statement } from '../merge-statements.ts';
import { LANDSCAPE_TEXT_WIDTH, STATEMENT_COLUMNS } from './layout.ts';
import { multiline, para } from './text.ts';

const HEADER_FILL = 'D9D9D9';
const GROUP_FILL = 'F2F2F2';

const cell = (children: Paragraph[], column: 0 | 1 | 2, fill?: string) =>
  new TableCell({
    children,
    width: { size: STATEMENT_COLUMNS[column], type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
  });

const source = (p: PassageRow) => `${p.document}${p.page !== null ? `, S. ${p.page}` : ''}`;

/** Every county of a merged statement, each with where it said it: "Landkreis Harz (E-Mail-Text)". */
function whoCell(s: Statement): Paragraph[] {
  const lines = s.respondents.map((name) => {
    const sources = [...new Set(s.passages.filter((p) => p.respondent === name).map(source))];
    return [para(name, { bold: true, size: 18 }), para(sources.join('; '), { italics: true, size: 16 })];
  });
  return [
    ...(s.respondents.length > 1 ? [para(`${s.respondents.length} Landkreise, gleichlautend:`, { size: 16 })] : []),
    ...lines.flat(),
  ];
}

function statementCell(s: Statement): Paragraph[] {
  return [
    multiline(`„${s.text}“`, { size: 18 }),
    ...(s.reviewed ? [] : [para('ungeprüft', { italics: true, size: 16, color: '9C5700' })]),
  ];
}

function assessmentCell(s: Statement, assessments: ReadonlyMap<string, Assessment>): Paragraph[] {
  const texts = [...new Set(s.passages.map((p) => assessments.get(p.passageId)?.text ?? '').filter((t) => t !== ''))];
  return texts.length ? texts.map((t) => multiline(t, { size: 18 })) : [para('')];
}

/**
 * The statements on one item: a row per stance ("Ablehnung / Kritik (3)", counting senders) followed by its statements,
 * each with the counties that made it, the quote and the association's assessment. Fixed layout with explicit
 * widths: Word and LibreOffice then keep the columns as given instead of squeezing them to the longest word.
 */
export function statementTable(groups: readonly StanceGroup[], assessments: ReadonlyMap<string, Assessment>): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [
      cell([para('Landkreis / Quelle', { bold: true, size: 18 })], 0, HEADER_FILL),
      cell([para('Aussage', { bold: true, size: 18 })], 1, HEADER_FILL),
      cell([para('Bewertung', { bold: true, size: 18 })], 2, HEADER_FILL),
    ],
  });
  const rows = groups.flatMap((g) => {
    const respondents = new Set(g.statements.flatMap((s) => s.respondents)).size;
    const groupRow = new TableRow({
      cantSplit: true,
      children: [
        new TableCell({
          columnSpan: 3,
          width: { size: LANDSCAPE_TEXT_WIDTH, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: GROUP_FILL },
          margins: { top: 60, bottom: 60, left: 100, right: 100 },
          children: [para(`${g.label} (${respondents})`, { bold: true, size: 18 })],
        }),
      ],
    });
    return [
      groupRow,
      ...g.statements.map(
        (s) =>
          new TableRow({
            children: [cell(whoCell(s), 0), cell(statementCell(s), 1), cell(assessmentCell(s, assessments), 2)],
          }),
      ),
    ];
  });
  return new Table({
    rows: [header, ...rows],
    columnWidths: [...STATEMENT_COLUMNS],
    layout: TableLayoutType.FIXED,
    width: { size: LANDSCAPE_TEXT_WIDTH, type: WidthType.DXA },
  });
}
