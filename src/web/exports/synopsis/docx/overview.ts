import { HeadingLevel, ImageRun, Paragraph, type FileChild } from 'docx';
import type { SynopsisModel } from '../build-synopsis.ts';
import { para } from './text.ts';
import { LANDSCAPE_TEXT_WIDTH } from './layout.ts';

export interface ChartImage {
  png: Buffer;
  /** Size in CSS pixels (1/96 inch), as docx expects. */
  width: number;
  height: number;
}

// Twips → pixels at 96 dpi: the chart is scaled to the text width of a landscape page at most.
const MAX_WIDTH_PX = Math.floor((LANDSCAPE_TEXT_WIDTH / 1440) * 96);
const MAX_HEIGHT_PX = 570;

/** The chart of stances per item, scaled to fit one landscape page. */
export function overview(model: SynopsisModel, chart: ChartImage): FileChild[] {
  const scale = Math.min(1, MAX_WIDTH_PX / chart.width, MAX_HEIGHT_PX / chart.height);
  return [
    new Paragraph({ text: 'Übersicht: Haltungen je Nummer', heading: HeadingLevel.HEADING_1 }),
    para('Anzahl der Absender je Haltung; ein Landkreis mit mehreren Aussagen gleicher Haltung zählt einmal.', {
      italics: true,
      size: 18,
    }),
    new Paragraph({
      children: [
        new ImageRun({
          type: 'png',
          data: chart.png,
          transformation: { width: Math.round(chart.width * scale), height: Math.round(chart.height * scale) },
          altText: {
            name: 'Haltungen je Nummer',
            title: 'Haltungen je Nummer',
            description: `${model.items.length} Nummern`,
          },
        }),
      ],
    }),
  ];
}
