import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractConvertedDocx, extractDocument } from '../../src/extract/extract-document.ts';
import { brokenPageTreePdf, nulTextPdf, unmappedGlyphsPdf } from '../../fixtures/make/hostile-pdf.ts';
import {
  docxWithCompressibleImage,
  encryptedOdt,
  macroEnabledDocx,
  word2003Xml,
} from '../../fixtures/make/hostile-office.ts';

const extract = (bytes: Uint8Array, declaredType = 'application/octet-stream') =>
  extractDocument({ bytes, declaredType, filename: null }, DEFAULT_EXTRACT_LIMITS);

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** The hostile-input classes of issue 13 that extraction alone decides; see docs/reliability.md. */
describe('hostile documents', () => {
  it('class 4: a NUL from a PDF text layer never leaves extraction, the text around it does', async () => {
    const r = await extract(nulTextPdf());
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.text).not.toMatch(CONTROL);
    expect(r.value.text).toContain('Wir stimmen zu die Frist ist zu kurz.');
    for (const b of r.value.blocks) expect(r.value.text.slice(b.start, b.end)).toBe(b.text);
  });

  it('class 4: a text body with NUL bytes is read as text, without them', async () => {
    const body = Buffer.from('Zu Anlage 1 Nr. 7:\0 Die Frist ist zu kurz.\n\nMit freundlichen Grüßen\0', 'utf8');
    const r = await extract(body, 'text/plain; charset=utf-8');
    expect(r.ok && r.value.text).toBe('Zu Anlage 1 Nr. 7: Die Frist ist zu kurz.\n\nMit freundlichen Grüßen');
  });

  it('class 5: a text layer in fonts without a Unicode mapping goes to OCR instead of being stored', async () => {
    const r = await extract(unmappedGlyphsPdf());
    expect(r.ok ? 'extracted' : r.error.code).toBe('extract.needs_ocr');
    expect(r.ok ? '' : r.error.detail).toMatch(/no Unicode mapping/);
  });

  it('class 6: LibreOffice output with a picture that inflates > 200× is read; the same bytes attached are a bomb', async () => {
    const docx = await docxWithCompressibleImage();
    const attached = await extract(docx);
    expect(attached.ok ? 'extracted' : attached.error.code).toBe('extract.zip_bomb');
    const converted = await extractConvertedDocx(docx, DEFAULT_EXTRACT_LIMITS);
    expect(converted.ok && converted.value.text).toBe('Zu Anlage 1 Nr. 7: Die Frist ist zu kurz.');
  });

  it('class 7: a password-protected ODT is extract.encrypted', async () => {
    const r = await extract(await encryptedOdt());
    expect(r.ok ? 'extracted' : r.error.code).toBe('extract.encrypted');
  });

  it('class 7: a PDF whose page tree loops is extract.corrupt', async () => {
    const r = await extract(brokenPageTreePdf());
    expect(r.ok ? 'extracted' : r.error.code).toBe('extract.corrupt');
  });

  it('class 7: a macro-enabled .docm is read like a DOCX', async () => {
    const r = await extract(await macroEnabledDocx());
    expect(r.ok && r.value.text).toBe('Zu Anlage 1 Nr. 7: Die Frist ist zu kurz.');
  });

  it('class 7: Word 2003 XML is read through LibreOffice', { timeout: 120_000 }, async () => {
    const r = await extract(word2003Xml());
    expect(r.ok ? r.value.text : r.error).toBe('Zu Anlage 1 Nr. 7: Die Frist ist zu kurz.');
  });

  it('class 7: a text/plain body that begins with <?xml stays text', async () => {
    const body = Buffer.from('<?xml version="1.0"?>\n<stellungnahme>Zu Anlage 1 Nr. 7: Fehlanzeige.</stellungnahme>\n');
    const r = await extract(body, 'text/plain; charset=utf-8');
    expect(r.ok && r.value.format).toBe('text');
    expect(r.ok && r.value.text).toContain('Zu Anlage 1 Nr. 7: Fehlanzeige.');
  });
});
