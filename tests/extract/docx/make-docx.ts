/** Builds real DOCX files with the `docx` package, so tests read what a word processor writes. */
import {
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  type FileChild,
  type ILevelsOptions,
  type INumberingOptions,
  type IParagraphStyleOptions,
} from 'docx';
import JSZip from 'jszip';

export interface DocxOptions {
  numbering?: INumberingOptions['config'];
  paragraphStyles?: IParagraphStyleOptions[];
}

export async function makeDocx(children: FileChild[], options: DocxOptions = {}): Promise<Uint8Array> {
  const doc = new Document({
    ...(options.numbering ? { numbering: { config: options.numbering } } : {}),
    ...(options.paragraphStyles ? { styles: { paragraphStyles: options.paragraphStyles } } : {}),
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** Rewrites one part of a ZIP (to damage a document on purpose). */
export async function replacePart(bytes: Uint8Array, name: string, edit: (xml: string) => string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const part = zip.file(name);
  if (!part) throw new Error(`no ${name} in the package`);
  zip.file(name, edit(await part.async('string')));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

export const level = (
  lvl: number,
  format: NonNullable<ILevelsOptions['format']>,
  text: string,
  start?: number,
): ILevelsOptions => ({
  level: lvl,
  format,
  text,
  ...(start === undefined ? {} : { start }),
});

export const item = (text: string, reference: string, lvl = 0): Paragraph =>
  new Paragraph({ text, numbering: { reference, level: lvl } });

export const heading = (text: string, headingLevel = HeadingLevel.HEADING_1): Paragraph =>
  new Paragraph({ text, heading: headingLevel });

export const table = (rows: string[][]): Table =>
  new Table({
    rows: rows.map(
      (cells) => new TableRow({ children: cells.map((text) => new TableCell({ children: [new Paragraph(text)] })) }),
    ),
  });

export { LevelFormat, Paragraph, HeadingLevel };
