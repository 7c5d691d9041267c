import { Document, HeadingLevel, Packer, Paragraph, type FileChild } from 'docx';
import type { SynopsisModel } from './synopsis/build-synopsis.ts';
import { itemChapter } from './synopsis/docx/item-sections.ts';
import { pageProperties } from './synopsis/docx/layout.ts';
import { overview, type ChartImage } from './synopsis/docx/overview.ts';
import { pageFrame } from './synopsis/docx/page-frame.ts';
import { titlePage, type DocumentMeta } from './synopsis/docx/title-page.ts';

export interface SynopsisDocxInput extends DocumentMeta {
  model: SynopsisModel;
  chart: ChartImage;
  /** Display names of the taxonomy's groups ("Anlage 1 – Rechtsänderungsbedarfe"), by group id. */
  groupTitles: ReadonlyMap<string, string>;
  /** Per item id, its arguments (exports/arguments-docx.ts), printed before its statements. */
  argumentSections?: ReadonlyMap<string, readonly FileChild[]>;
}

/** Per annex a heading, then each item's chapter. */
function chapters(input: SynopsisDocxInput): FileChild[] {
  const out: FileChild[] = [];
  let group: string | null = null;
  for (const item of input.model.items) {
    if (item.group !== group) {
      group = item.group;
      out.push(
        new Paragraph({
          text: input.groupTitles.get(group) ?? group,
          heading: HeadingLevel.HEADING_1,
          // Each annex starts on a new page; the first one after the overview chart too.
          pageBreakBefore: true,
        }),
      );
    }
    out.push(
      ...itemChapter(item, input.model, input.argumentSections ? { argumentSections: input.argumentSections } : {}),
    );
  }
  return out;
}

/**
 * The synopsis as a Word document: a portrait title page with the table of contents, then landscape pages with the
 * overview chart and, per annex and item, the summary, the association's assessment and the statement table.
 * Header and footer ("Seite X von Y") on every page.
 */
export async function synopsisDocx(input: SynopsisDocxInput): Promise<Buffer> {
  const frame = pageFrame(input.title);
  const doc = new Document({
    creator: 'Rücklauf',
    title: 'Synopse der Stellungnahmen',
    description: input.title,
    // Word refreshes the table of contents' page numbers when it opens the file (it asks first).
    features: { updateFields: true },
    styles: { default: { document: { run: { font: 'Arial', size: 20 } } } },
    sections: [
      { properties: pageProperties('portrait'), ...frame, children: titlePage(input.model, input) },
      {
        properties: pageProperties('landscape'),
        ...frame,
        children: [...overview(input.model, input.chart), ...chapters(input)],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
