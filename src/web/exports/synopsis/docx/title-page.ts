import { AlignmentType, HeadingLevel, PageBreak, Paragraph, TableOfContents, TextRun, type FileChild } from 'docx';
import type { SynopsisModel } from '../build-synopsis.ts';
import { dateDe, para } from './text.ts';

export interface DocumentMeta {
  title: string;
  deadline: string;
  generatedAt: Date;
}

/** What the reader must know before trusting the figures: which statements, which Länder, which items. */
export function scopeLines(model: SynopsisModel): string[] {
  const o = model.options;
  return [
    o.reviewedOnly ? 'Nur von Bearbeitern geprüfte Aussagen.' : 'Alle Aussagen, geprüfte und ungeprüfte.',
    o.lands.length ? `Länder: ${o.lands.join(', ')}.` : 'Alle Länder.',
    o.items.length ? `Nummern: ${model.items.map((i) => i.short).join(', ')}.` : 'Alle Nummern.',
    `${model.countiesReplied} von ${model.countiesInScope} Landkreisen haben geantwortet; ${model.statementCount} Aussagen.`,
  ];
}

/** Title page, then the table of contents (a TOC field over headings 1–2, with entries written in already). */
export function titlePage(model: SynopsisModel, meta: DocumentMeta): FileChild[] {
  const generated = meta.generatedAt.toLocaleString('de-DE', { timeZone: 'Europe/Berlin' });
  return [
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    new Paragraph({ text: 'Synopse der Stellungnahmen', heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT }),
    para(meta.title, { size: 28 }, { spacing: { after: 480 } }),
    para(`Frist: ${dateDe(meta.deadline)}`),
    para(`Stand: ${generated}`, {}, { spacing: { after: 480 } }),
    ...scopeLines(model).map((l) => para(l, { italics: true })),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ children: [new TextRun({ text: 'Inhalt', bold: true, size: 32 })], spacing: { after: 240 } }),
    new TableOfContents('Inhalt', { hyperlink: true, headingStyleRange: '1-2' }),
  ];
}
