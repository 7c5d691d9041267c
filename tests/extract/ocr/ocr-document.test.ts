import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../../src/extract/extract-document.ts';
import { ocrDocument } from '../../../src/extract/ocr/ocr-document.ts';
import { parseTesseractTsv } from '../../../src/extract/ocr/tesseract-tsv.ts';
import { loadPipeline } from '../../../src/config/pipeline.ts';
import { tagPassages } from '../../../src/classify/tag-passages.ts';
import { buildPassages } from '../../../src/extract/segment/passages.ts';
import { fixtureDocument } from '../../helpers/fixture-docs.ts';

describe('OCR of scans', () => {
  it('routes a PDF without text layer to OCR instead of returning empty text', async () => {
    const scan = await fixtureDocument('fixtures/mail/09-scanned-letter.eml', 'att1');
    expect(await extractDocument(scan, DEFAULT_EXTRACT_LIMITS)).toMatchObject({
      ok: false,
      error: { code: 'extract.needs_ocr' },
    });
  });

  it('reads a scanned letter with poppler + Tesseract: structure, boilerplate and confidence', async () => {
    const scan = await fixtureDocument('fixtures/mail/09-scanned-letter.eml', 'att1');
    const r = await ocrDocument(scan.bytes, 'pdf', DEFAULT_EXTRACT_LIMITS);
    if (!r.ok) throw new Error(r.error.detail);
    const content = r.value.blocks.filter((b) => !b.boilerplate).map((b) => [b.kind, b.text, b.page]);
    expect(content).toEqual([
      ['heading', 'Zu Anlage 1 Nr. 5 (Identitätsklärung):', 1],
      [
        'paragraph',
        'Die Mitwirkung an der Passbeschaffung wird von vielen Ausreisepflichtigen verweigert. Wir fordern, dass die Auswertung von Mobiltelefonen zur Identitätsklärung ohne richterliche Anordnung zulässig wird.',
        1,
      ],
    ]);
    expect(r.value.blocks.find((b) => b.boilerplate === 'closing')?.text).toBe('Mit freundlichen Grüßen');
    expect(r.value.ocrConfidence).toBeGreaterThan(0.8);
    expect(r.value.text).not.toMatch(/Seite/);
  });

  it('says so when a scan holds no text at all, and names a broken image', async () => {
    const blank = await blankPdf();
    expect(
      await extractDocument({ bytes: blank, declaredType: 'application/pdf', filename: null }, DEFAULT_EXTRACT_LIMITS),
    ).toMatchObject({ ok: false, error: { code: 'extract.needs_ocr' } });
    expect(await ocrDocument(blank, 'pdf', DEFAULT_EXTRACT_LIMITS)).toMatchObject({
      ok: false,
      error: { code: 'extract.empty', detail: 'OCR found no text on 1 scanned page(s)' },
    });
    // A 1×1 pixel PNG: Tesseract refuses it, and the reason is kept.
    const dot = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAAAABJRU5ErkJggg==',
      'base64',
    );
    expect(
      await extractDocument({ bytes: dot, declaredType: 'image/png', filename: 'x.png' }, DEFAULT_EXTRACT_LIMITS),
    ).toMatchObject({ ok: false, error: { code: 'extract.needs_ocr' } });
    expect(await ocrDocument(dot, 'image', DEFAULT_EXTRACT_LIMITS)).toMatchObject({
      ok: false,
      error: { code: 'extract.ocr_failed', detail: expect.stringMatching(/^OCR could not read the scan: tesseract: /) },
    });
  });
});

async function blankPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A6' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('OCR of a poor scan (rotated, noisy; fixtures/documents/scan-noisy.pdf, made with ImageMagick)', () => {
  it('still reads the statement and its reference, so the item is found', async () => {
    const r = await ocrDocument(await readFile('fixtures/documents/scan-noisy.pdf'), 'pdf', DEFAULT_EXTRACT_LIMITS);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.text).toContain(
      'Die Mitwirkung an der Passbeschaffung wird von vielen Ausreisepflichtigen verweigert.',
    );
    const taxonomy = (await loadPipeline('pipelines', 'rueckfuehrung-2024')).taxonomy;
    const tagged = tagPassages(buildPassages(r.value), taxonomy, 0.6).find((t) =>
      t.passage.text.startsWith('Die Mitwirkung'),
    );
    expect(tagged?.tags.find((t) => t.dimension === 'item')).toMatchObject({ label: 'A1-IDENT', source: 'rule' });
  });
});

describe('parseTesseractTsv', () => {
  const row = (block: number, line: number, top: number, conf: number, text: string) =>
    `5\t1\t${block}\t1\t${line}\t1\t0\t${top}\t10\t20\t${conf}\t${text}`;
  it('groups words into lines, breaks paragraphs at large gaps and averages word confidence', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      row(1, 1, 0, 90, 'Zu'),
      row(1, 1, 0, 80, 'Nr.'),
      row(1, 2, 25, 70, 'Text'),
      row(2, 1, 100, 60, 'Gruß'),
      '4\t1\t1\t1\t1\t0\t0\t0\t0\t0\t-1\t',
    ].join('\n');
    expect(parseTesseractTsv(tsv)).toEqual({ lines: ['Zu Nr.', 'Text', '', 'Gruß'], words: 4, confidence: 0.75 });
  });
});
