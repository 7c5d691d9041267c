import PDFDocument from 'pdfkit';

const SENTENCES = [
  'Die Ausländerbehörde des Landkreises hat im Berichtszeitraum zahlreiche Rückführungen vorbereitet.',
  'Zu Anlage 1 Nr. 7 weisen wir darauf hin, dass ärztliche Atteste regelmäßig kurzfristig vorgelegt werden.',
  'Die Passersatzbeschaffung über die Botschaften dauert im Durchschnitt mehrere Monate.',
  'Eine gesetzliche Klarstellung der Anforderungen an qualifizierte Bescheinigungen wäre hilfreich.',
  'Sammelabschiebungen werden häufig storniert, wenn Begleitkräfte der Bundespolizei fehlen.',
];

/** A long text-layer PDF of letter-like paragraphs (deterministic), for extraction benchmarks. */
export async function longPdf(pages: number): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    autoFirstPage: false,
    info: { CreationDate: new Date('2024-09-01T00:00:00Z') },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  for (let p = 0; p < pages; p++) {
    doc.addPage();
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(`Landkreis Musterland – Stellungnahme – Seite ${p + 1} von ${pages}`, 56, 30, { lineBreak: false });
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(`Zu Anlage ${(p % 2) + 1} Nr. ${(p % 12) + 1}`, 56, 70);
    doc.font('Helvetica').fontSize(10).moveDown(0.5);
    for (let k = 0; k < 6; k++) {
      const para = Array.from({ length: 5 }, (_, i) => SENTENCES[(p + k + i) % SENTENCES.length]).join(' ');
      doc.text(para, { width: 480, align: 'left' }).moveDown(0.6);
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
