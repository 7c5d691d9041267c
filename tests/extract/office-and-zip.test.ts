import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../../src/extract/extract-document.ts';
import type { ExtractedDocument } from '../../src/core/types.ts';

/** fixtures/documents/ is built by `npm run fixtures:documents` (LibreOffice) from the letter of 03-docx-letter.eml. */
async function extract(name: string, limits = DEFAULT_EXTRACT_LIMITS) {
  const bytes = await readFile(`fixtures/documents/${name}`);
  // Declared as something else on purpose: routing goes by content.
  return extractDocument({ bytes, declaredType: 'application/octet-stream', filename: name }, limits);
}
function value(r: Awaited<ReturnType<typeof extract>>): ExtractedDocument {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
  return r.value;
}
const ITEMS = [
  'Abschiebungshaft: Wir befürworten eine Ausweitung der Haftgründe bei Identitätstäuschung.',
  'Ausreisegewahrsam: Die Dauer von 28 Tagen hat sich bewährt.',
  'Anwaltsbestellung: Die Pflicht zur Bestellung eines anwaltlichen Vertreters nach § 62d AufenthG verzögert die Verfahren erheblich und sollte gestrichen werden.',
];

describe('office formats via LibreOffice', () => {
  it.each([
    ['letter.odt', 'odt', ['1.', '2.', '3.']],
    ['letter.rtf', 'rtf', ['1.', '2.', '3.']],
  ])('%s: headings, recovered list numbers, table cells and boilerplate', async (name, format, numbers) => {
    const doc = value(await extract(name));
    expect(doc.format).toBe(format);
    expect(doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(['Zu Anlage 1', 'Zu Anlage 2']);
    const items = doc.blocks.filter((b) => b.kind === 'list_item');
    expect(items.map((b) => b.number)).toEqual(numbers);
    expect(items.map((b) => b.text)).toEqual(ITEMS.map((t, i) => `${numbers[i] ?? ''} ${t}`));
    expect(doc.blocks.filter((b) => b.kind === 'table_cell').map((b) => b.text)).toEqual([
      'Kennzahl',
      '2023',
      'Ausreisepflichtige',
      '1.245',
      'Abschiebungen',
      '87',
    ]);
    expect(doc.blocks.find((b) => b.boilerplate === 'closing')?.text).toBe('Mit freundlichen Grüßen');
  });

  it('letter.doc (Word 97-2003, an OLE file): the text and list items come through, numbered 1., 2., 3.', async () => {
    // LibreOffice saved the list's first item as a list of its own (it restarts the numbering there); read back
    // literally that is "1., 1., 2.", see src/extract/docx/numbering-split.ts.
    const doc = value(await extract('letter.doc'));
    expect(doc.format).toBe('doc');
    const items = doc.blocks.filter((b) => b.kind === 'list_item');
    expect(items.map((b) => b.number)).toEqual(['1.', '2.', '3.']);
    expect(items.map((b) => b.text)).toEqual(ITEMS.map((t, i) => `${i + 1}. ${t}`));
  });

  it('a password-protected Word 97-2003 file ends as encrypted (its FIB says so), not as a failed conversion', async () => {
    const r = await extract('letter-encrypted.doc');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'extract.encrypted', detail: expect.stringMatching(/password-protected Word 97-2003/) },
    });
  });

  it('a damaged .rtf ends as corrupt with a reason, not as a hang', async () => {
    const r = await extractDocument(
      {
        bytes: new TextEncoder().encode('{\\rtf1 \\bin999999999 '),
        declaredType: 'application/rtf',
        filename: 'x.rtf',
      },
      DEFAULT_EXTRACT_LIMITS,
    );
    if (r.ok) expect(r.value.text).not.toMatch(/bin999/);
    else expect(['extract.corrupt', 'extract.empty']).toContain(r.error.code);
  });
});

describe('ZIP archives', () => {
  it('reads every file of a bundle under a heading of its own, notes what it cannot read, skips __MACOSX', async () => {
    const doc = value(await extract('bundle.zip'));
    expect(doc.format).toBe('zip');
    expect(doc.blocks.filter((b) => b.text.startsWith('Datei: ')).map((b) => b.text)).toEqual([
      'Datei: Stellungnahme.docx',
      'Datei: Stellungnahme.pdf',
      'Datei: notizen.bin',
    ]);
    const pdfPart = doc.blocks.filter((b) => b.page === 2).map((b) => b.text);
    expect(pdfPart).toContain('Zu Anlage 2 Nr. 6');
    expect(doc.blocks.find((b) => b.boilerplate === 'archive_note')?.text).toMatch(
      /^notizen\.bin not read: extract\.unsupported_type/,
    );
    // Boilerplate is marked per file: the DOCX's signature does not swallow the PDF.
    expect(
      doc.blocks.find((b) => b.text.startsWith('Die Voraussetzungen der Abschiebungshaft'))?.boilerplate,
    ).toBeUndefined();
    expect(doc.text).not.toContain('__MACOSX');
  });

  it('follows nested archives up to the depth limit', async () => {
    expect(value(await extract('nested.zip')).text).toContain('Datei: innen.zip\n\nDatei: Stellungnahme.docx');
    const shallow = value(await extract('nested.zip', { ...DEFAULT_EXTRACT_LIMITS, maxNestingDepth: 1 }));
    expect(shallow.blocks.find((b) => b.boilerplate === 'archive_note')?.text).toMatch(
      /innen\.zip not read: extract\.zip_bomb/,
    );
  });

  it('refuses a zip bomb from its central directory, before inflating anything', async () => {
    const started = Date.now();
    const r = await extract('bomb.zip');
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'extract.zip_bomb', detail: expect.stringContaining('nullen.txt') },
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
