import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/extract/extract-document.ts';
import type { ExtractedDocument } from '../../src/core/types.ts';
import { fixtureDocument } from '../helpers/fixture-docs.ts';

async function extract(mail: string, path: string, limits = DEFAULT_EXTRACT_LIMITS) {
  return extractDocument(await fixtureDocument(mail, path), limits);
}
function value(r: Awaited<ReturnType<typeof extract>>): ExtractedDocument {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
  return r.value;
}

describe('extractDocument', () => {
  it('reads a PDF letter page by page, without running header, footer or page numbers', async () => {
    const doc = value(await extract('fixtures/mail/02-pdf-letter.eml', 'att1'));
    expect(doc).toMatchObject({ format: 'pdf', pageCount: 2 });
    expect(doc.text).not.toContain('Stellungnahme Rückführung'); // the running header
    expect(doc.text).not.toMatch(/Seite \d von 2/);
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.page]);
    expect(headings).toEqual([
      ['Zu Anlage 1 Nr. 1', 1],
      ['Zu Anlage 1 Nr. 4', 1],
      ['Zu Anlage 2 Nr. 6', 2],
      ['Zu Anlage 2 Nr. 3', 2],
    ]);
    // A word hyphenated at the line end is whole again.
    expect(doc.text).toContain('an der fehlenden richterlichen Anordnung. Eine Klarstellung');
  });

  it('gives every block offsets into the text and marks letterhead, address, date, salutation, closing and signature', async () => {
    const doc = value(await extract('fixtures/mail/02-pdf-letter.eml', 'att1'));
    for (const b of doc.blocks) expect(doc.text.slice(b.start, b.end)).toBe(b.text);
    const marked = doc.blocks.filter((b) => b.boilerplate).map((b) => [b.boilerplate, b.text]);
    expect(marked).toContainEqual(['salutation', 'Sehr geehrte Damen und Herren,']);
    expect(marked).toContainEqual(['reference', 'Göttingen, 12.09.2024']);
    expect(marked).toContainEqual(['address', '10785 Berlin']);
    expect(marked).toContainEqual(['closing', 'Mit freundlichen Grüßen']);
    expect(marked).toContainEqual(['signature', 'Dr. Marcel Riethig']);
  });

  it('routes by content: a PDF labelled image/png and named .png is read as PDF', async () => {
    const doc = value(await extract('fixtures/hostile/h05-pdf-labelled-png.eml', 'att1'));
    expect(doc.format).toBe('pdf');
    expect(doc.text).toContain('Ärztliche Atteste werden regelmäßig zu spät vorgelegt.');
  });

  it('fails a truncated PDF as corrupt and an encrypted one as encrypted, each with a reason', async () => {
    const corrupt = await extract('fixtures/mail/06-corrupt-pdf-and-docx.eml', 'att1');
    expect(corrupt).toMatchObject({ ok: false, error: { code: 'extract.corrupt' } });
    const encrypted = await extract('fixtures/hostile/h06-encrypted-pdf.eml', 'att1');
    expect(encrypted).toMatchObject({
      ok: false,
      error: { code: 'extract.encrypted', detail: expect.stringMatching(/password/) },
    });
  });

  it('names what it cannot read instead of failing silently', async () => {
    const tnef = await extract('fixtures/hostile/h04-winmail-dat.eml', 'att1');
    expect(tnef).toMatchObject({
      ok: false,
      error: { code: 'extract.unsupported_type', detail: expect.stringContaining('winmail.dat (TNEF)') },
    });
  });

  it('converts HTML to text without the markup, scripts or image addresses', async () => {
    const doc = value(await extract('fixtures/mail/05-fehlanzeige-html.eml', 'body'));
    expect(doc.format).toBe('html');
    expect(doc.text).toContain('teile ich Fehlanzeige mit.');
    expect(doc.text).not.toMatch(/alert|tracker|<p>/);
  });

  it('marks the quoted original circular below "-----Ursprüngliche Nachricht-----"', async () => {
    const doc = value(await extract('fixtures/mail/07-reply-quoting-circular.eml', 'body'));
    const quoted = doc.blocks.filter((b) => b.boilerplate === 'quote');
    expect(quoted[0]?.text).toBe(
      '-----Ursprüngliche Nachricht-----\nVon: Deutscher Landkreistag <rueckfuehrung@landkreistag.de>\nGesendet: Dienstag, 20. August 2024 10:12\nBetreff: Rundschreiben – Notwendige Rechtsänderungen zur Verbesserung der Rückführung',
    );
    expect(quoted.map((b) => b.text).join(' ')).toContain('Anlage 1 Nr. 1 betrifft die Abschiebungshaft');
    expect(doc.blocks.find((b) => b.text.startsWith('zu Anlage 1 Nr. 16'))?.boilerplate).toBeUndefined();
  });

  it('stops at the page cap and says so, and refuses documents over the size limit', async () => {
    const capped = value(
      await extract('fixtures/mail/02-pdf-letter.eml', 'att1', { ...DEFAULT_EXTRACT_LIMITS, maxPages: 1 }),
    );
    expect(capped.truncated).toBe('page cap 1 of 2 pages');
    expect(capped.blocks.every((b) => b.page === 1)).toBe(true);
    const big = await extract('fixtures/mail/02-pdf-letter.eml', 'att1', { ...DEFAULT_EXTRACT_LIMITS, maxBytes: 1000 });
    expect(big).toMatchObject({ ok: false, error: { code: 'extract.too_large' } });
  });

  it('cuts 10 MB of base64 noise before segmenting it, and marks the text truncated', async () => {
    const noise = new TextEncoder().encode('QUJDRA=='.repeat(1_300_000));
    const r = await extractDocument(
      { bytes: noise, declaredType: 'text/plain', filename: null },
      DEFAULT_EXTRACT_LIMITS,
    );
    const doc = value(r);
    expect(doc.text.length).toBeLessThanOrEqual(DEFAULT_EXTRACT_LIMITS.maxTextChars);
    expect(doc.truncated).toMatch(/cut at/);
  });
});
