import { readFile } from 'node:fs/promises';
import { composeMail } from '../fixtures/make/mail.ts';
import { letterPdf } from '../fixtures/make/pdf.ts';
import * as L from '../fixtures/make/letters.ts';

/**
 * A realistic mix of ten replies, built in memory: three multi-page PDF letters (4, 8 and 4 pages), two DOCX
 * letters, one scanned letter (10 %: OCR), a forwarded bundle with a PDF inside, a body-only reply, an HTML
 * "Fehlanzeige" and a reply quoting the circular.
 */
export async function loadMixTemplates(): Promise<Buffer[]> {
  const fixture = (name: string) => readFile(`fixtures/mail/${name}`);
  const pdfLetter = async (pages: number) =>
    composeMail({
      from: 'Landkreis Göttingen <auslaenderbehoerde@landkreisgoettingen.de>',
      to: 'Deutscher Landkreistag <rueckfuehrung@landkreistag.de>',
      subject: 'AW: Rundschreiben – Rückführung',
      text: 'Sehr geehrte Damen und Herren,\n\nanbei unsere Stellungnahme.\n\nMit freundlichen Grüßen',
      attachments: [
        {
          filename: `Stellungnahme ${pages} Seiten.pdf`,
          content: await letterPdf(
            Array.from({ length: pages }, (_, i) => L.PDF_PAGES[i % L.PDF_PAGES.length] ?? []),
            L.PDF_RUNNING_HEADER,
          ),
          contentType: 'application/pdf',
        },
      ],
      messageId: `<mix-pdf-${pages}@landkreisgoettingen.de>`,
      date: new Date('2024-09-12T14:02:00Z'),
    });
  const [pdf4, pdf8] = await Promise.all([pdfLetter(4), pdfLetter(8)]);
  const [docx, scan, bundle, body, html, quoted] = await Promise.all(
    [
      '03-docx-letter.eml',
      '09-scanned-letter.eml',
      '04-forwarded-bundle.eml',
      '01-body-only.eml',
      '05-fehlanzeige-html.eml',
      '07-reply-quoting-circular.eml',
    ].map(fixture),
  );
  return [pdf4, docx, body, pdf8, scan, bundle, docx, html, pdf4, quoted].map((m) => {
    if (!m) throw new Error('mix template missing');
    return m;
  });
}
