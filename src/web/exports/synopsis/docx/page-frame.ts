import { AlignmentType, Footer, Header, PageNumber, Paragraph, TextRun } from 'docx';

/** Running header (what this is) and footer ("Seite X von Y" as fields Word and LibreOffice fill in). */
export function pageFrame(title: string): { headers: { default: Header }; footers: { default: Footer } } {
  return {
    headers: {
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: `Synopse · ${title}`, size: 16, color: '555555' })],
          }),
        ],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({ children: ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES], size: 18 }),
            ],
          }),
        ],
      }),
    },
  };
}
