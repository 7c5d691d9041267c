import { HeadingLevel, Paragraph, type FileChild } from 'docx';
import type { SynopsisItemModel, SynopsisModel } from '../build-synopsis.ts';
import { silentLine, summaryLine } from '../build-synopsis.ts';
import { statementTable } from './statement-table.ts';
import { multiline, para } from './text.ts';

/** What a chapter adds beyond the synopsis model: the arguments of each item (exports/arguments-docx.ts). */
export interface ItemSectionContext {
  argumentSections?: ReadonlyMap<string, readonly FileChild[]>;
}

/** One part of an item's chapter. The chapter is the concatenation of ITEM_SECTIONS, in order. */
export type ItemSectionBuilder = (
  item: SynopsisItemModel,
  model: SynopsisModel,
  context: ItemSectionContext,
) => FileChild[];

const heading: ItemSectionBuilder = (item) => [
  new Paragraph({ text: item.title, heading: HeadingLevel.HEADING_2, keepNext: true }),
  ...(item.description ? [para(item.description, { italics: true, size: 18 }, { keepNext: true })] : []),
];

// An item nobody commented on is one line, so the many quiet items of a consultation do not fill pages.
const isQuiet = (item: SynopsisItemModel) => item.groups.length === 0;

const summary: ItemSectionBuilder = (item) => [
  isQuiet(item)
    ? para(
        `Keine Aussagen · ${silentLine(item.summary)}`,
        { italics: true, size: 18 },
        { spacing: { before: 60, after: 200 } },
      )
    : para(summaryLine(item.summary), { bold: true, size: 18 }, { keepNext: true, spacing: { before: 120 } }),
  ...item.summary.endorsements.map((e) => para(e, { size: 18 }, { keepNext: true })),
];

const assessment: ItemSectionBuilder = (item) =>
  item.assessment?.text
    ? [
        para('Bewertung des Verbandes', { bold: true, size: 18 }, { keepNext: true, spacing: { before: 120 } }),
        multiline(item.assessment.text, { size: 18 }),
      ]
    : [];

const statements: ItemSectionBuilder = (item, model) =>
  isQuiet(item)
    ? []
    : [
        new Paragraph({ spacing: { before: 120 }, children: [] }),
        statementTable(item.groups, model.passageAssessments),
      ];

// The item's arguments (issue 18), ranked by counties, before the statements they summarise.
const argumentsOfItem: ItemSectionBuilder = (item, _model, context) => [
  ...(context.argumentSections?.get(item.id) ?? []),
];

const silent: ItemSectionBuilder = (item) =>
  isQuiet(item) ? [] : [para(silentLine(item.summary), { size: 18 }, { spacing: { before: 120, after: 240 } })];

/** Add a part of every item's chapter here (e.g. the arguments of an item) — one line. */
export const ITEM_SECTIONS: readonly ItemSectionBuilder[] = [
  heading,
  summary,
  assessment,
  argumentsOfItem,
  statements,
  silent,
];

export const itemChapter = (
  item: SynopsisItemModel,
  model: SynopsisModel,
  context: ItemSectionContext = {},
): FileChild[] => ITEM_SECTIONS.flatMap((build) => build(item, model, context));
