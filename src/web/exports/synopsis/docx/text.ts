import { Paragraph, TextRun, type IParagraphOptions } from 'docx';

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  color?: string;
}

/** A paragraph of one run; `size` in half-points as Word counts them. */
export const para = (text: string, style: RunStyle = {}, options: Omit<IParagraphOptions, 'children' | 'text'> = {}) =>
  new Paragraph({ ...options, children: [new TextRun({ text, ...style })] });

/** Text with line breaks kept: a passage may span several lines of a letter. */
export const multiline = (text: string, style: RunStyle = {}) =>
  new Paragraph({
    children: text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...style })),
  });

export const dateDe = (iso: string): string => iso.split('-').reverse().join('.');
