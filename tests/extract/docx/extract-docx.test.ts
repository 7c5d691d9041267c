import { DeletedTextRun, InsertedTextRun, TextRun } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Block, ExtractedDocument } from '../../../src/core/types.ts';
import { extractDocx } from '../../../src/extract/docx/extract-docx.ts';
import { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from '../../../src/extract/limits.ts';
import {
  heading,
  HeadingLevel,
  item,
  LevelFormat,
  level,
  makeDocx,
  Paragraph,
  replacePart,
  table,
} from './make-docx.ts';

const limits: ExtractLimits = { ...DEFAULT_EXTRACT_LIMITS };

async function extractOk(bytes: Uint8Array, custom: ExtractLimits = limits): Promise<ExtractedDocument> {
  const result = await extractDocx(bytes, custom);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.value;
}

/** Offsets must address the joined text exactly. */
function expectConsistent(doc: ExtractedDocument): void {
  expect(doc.text).toBe(doc.blocks.map((b) => b.text).join('\n\n'));
  for (const b of doc.blocks) expect(doc.text.slice(b.start, b.end)).toBe(b.text);
}

const summary = (blocks: Block[]) => blocks.map(({ kind, text, number, level }) => ({ kind, text, number, level }));

const CONSULTATION_NUMBERING = [
  {
    reference: 'outline',
    levels: [level(0, LevelFormat.DECIMAL, '%1.', 1), level(1, LevelFormat.DECIMAL, '%1.%2', 1)],
  },
  { reference: 'letters', levels: [level(0, LevelFormat.LOWER_LETTER, '%1)', 1)] },
  { reference: 'roman', levels: [level(0, LevelFormat.UPPER_ROMAN, '%1.', 2)] },
  { reference: 'five', levels: [level(0, LevelFormat.DECIMAL, '%1.', 5)] },
  { reference: 'listA', levels: [level(0, LevelFormat.DECIMAL, '%1.', 1)] },
  { reference: 'listB', levels: [level(0, LevelFormat.DECIMAL, '%1.', 1)] },
  { reference: 'bullets', levels: [level(0, LevelFormat.BULLET, '•')] },
  { reference: 'antrag', levels: [level(0, LevelFormat.DECIMAL, '%1.', 7)] },
  { reference: 'kapitel', levels: [level(0, LevelFormat.DECIMAL, '%1.', 1)] },
];

/** A paragraph style carrying its own numbering: the paragraphs have no w:numPr of their own. */
const ANTRAG_STYLE = {
  id: 'Antrag',
  name: 'Antrag',
  basedOn: 'Normal',
  paragraph: { numbering: { reference: 'antrag', level: 0 } },
};

function consultationReply(): Promise<Uint8Array> {
  return makeDocx(
    [
      heading('Zu Anlage 1'),
      new Paragraph('Wir nehmen wie folgt Stellung:'),
      item('Allgemeine Anmerkungen', 'outline'),
      item('Fristen', 'outline'),
      item('Übergangsfrist verlängern', 'outline', 1),
      item('Größe der Betriebe', 'outline'),
      item('erstens', 'letters'),
      item('zweitens', 'letters'),
      item('Zweiter Teil', 'roman'),
      item('fünf', 'five'),
      item('sechs', 'five'),
      item('Liste A eins', 'listA'),
      item('Liste B eins', 'listB'),
      item('Liste A zwei', 'listA'),
      item('Liste B zwei', 'listB'),
      item('Spiegelstrich', 'bullets'),
      new Paragraph({ text: 'Reisefähigkeit', style: 'Antrag' }),
      new Paragraph({ text: 'Tierwohl', style: 'Antrag' }),
      new Paragraph({
        text: 'Allgemeines',
        heading: HeadingLevel.HEADING_2,
        numbering: { reference: 'kapitel', level: 0 },
      }),
      table([
        ['Nr.', 'Anmerkung'],
        ['7', 'Zustimmung mit Änderungen'],
      ]),
      new Paragraph('Mit freundlichen Grüßen'),
    ],
    { numbering: CONSULTATION_NUMBERING, paragraphStyles: [ANTRAG_STYLE] },
  );
}

describe('extractDocx', () => {
  it('recovers Word automatic numbering, headings and table cells', async () => {
    const doc = await extractOk(await consultationReply());
    expect(doc.format).toBe('docx');
    expect(doc.pageCount).toBeNull();
    expect(doc.truncated).toBeUndefined();
    expect(summary(doc.blocks)).toEqual([
      { kind: 'heading', text: 'Zu Anlage 1', number: undefined, level: 1 },
      { kind: 'paragraph', text: 'Wir nehmen wie folgt Stellung:', number: undefined, level: undefined },
      { kind: 'list_item', text: '1. Allgemeine Anmerkungen', number: '1.', level: 0 },
      { kind: 'list_item', text: '2. Fristen', number: '2.', level: 0 },
      { kind: 'list_item', text: '2.1 Übergangsfrist verlängern', number: '2.1', level: 1 },
      { kind: 'list_item', text: '3. Größe der Betriebe', number: '3.', level: 0 },
      { kind: 'list_item', text: 'a) erstens', number: 'a)', level: 0 },
      { kind: 'list_item', text: 'b) zweitens', number: 'b)', level: 0 },
      { kind: 'list_item', text: 'II. Zweiter Teil', number: 'II.', level: 0 },
      { kind: 'list_item', text: '5. fünf', number: '5.', level: 0 },
      { kind: 'list_item', text: '6. sechs', number: '6.', level: 0 },
      { kind: 'list_item', text: '1. Liste A eins', number: '1.', level: 0 },
      { kind: 'list_item', text: '1. Liste B eins', number: '1.', level: 0 },
      { kind: 'list_item', text: '2. Liste A zwei', number: '2.', level: 0 },
      { kind: 'list_item', text: '2. Liste B zwei', number: '2.', level: 0 },
      { kind: 'list_item', text: 'Spiegelstrich', number: undefined, level: 0 },
      { kind: 'list_item', text: '7. Reisefähigkeit', number: '7.', level: 0 },
      { kind: 'list_item', text: '8. Tierwohl', number: '8.', level: 0 },
      { kind: 'heading', text: '1. Allgemeines', number: '1.', level: 2 },
      { kind: 'table_cell', text: 'Nr.', number: undefined, level: undefined },
      { kind: 'table_cell', text: 'Anmerkung', number: undefined, level: undefined },
      { kind: 'table_cell', text: '7', number: undefined, level: undefined },
      { kind: 'table_cell', text: 'Zustimmung mit Änderungen', number: undefined, level: undefined },
      { kind: 'paragraph', text: 'Mit freundlichen Grüßen', number: undefined, level: undefined },
    ]);
    expect(doc.blocks.every((b) => b.page === null)).toBe(true);
    expect(doc.blocks.find((b) => b.kind === 'list_item' && b.number === undefined)).not.toHaveProperty('number');
    expectConsistent(doc);
  });

  it('numbers headings whose style carries the numbering', async () => {
    const bytes = await makeDocx([heading('Allgemeines'), new Paragraph('Text'), heading('Zu Anlage 1')], {
      numbering: [{ reference: 'kapitel', levels: [level(0, LevelFormat.UPPER_ROMAN, '%1.', 1)] }],
      paragraphStyles: [
        {
          id: 'Heading1',
          name: 'Heading 1',
          basedOn: 'Normal',
          paragraph: { numbering: { reference: 'kapitel', level: 0 } },
        },
      ],
    });
    const doc = await extractOk(bytes);
    expect(summary(doc.blocks)).toEqual([
      { kind: 'heading', text: 'I. Allgemeines', number: 'I.', level: 1 },
      { kind: 'paragraph', text: 'Text', number: undefined, level: undefined },
      { kind: 'heading', text: 'II. Zu Anlage 1', number: 'II.', level: 1 },
    ]);
  });

  it('keeps inserted and drops deleted text of tracked changes', async () => {
    const change = { author: 'Referat 3', date: '2026-11-01T10:00:00Z' };
    const bytes = await makeDocx([
      new Paragraph({
        children: [
          new TextRun('Die Frist ist '),
          new DeletedTextRun({ ...change, id: 1, text: 'zu kurz' }),
          new InsertedTextRun({ ...change, id: 2, text: 'angemessen' }),
          new TextRun('.'),
        ],
      }),
    ]);
    const doc = await extractOk(bytes);
    expect(doc.text).toBe('Die Frist ist angemessen.');
  });

  it('cuts text beyond maxTextChars and says so', async () => {
    const bytes = await makeDocx([
      new Paragraph('Erster Absatz.'),
      new Paragraph('Zweiter Absatz, der abgeschnitten wird.'),
    ]);
    const doc = await extractOk(bytes, { ...limits, maxTextChars: 25 });
    expect(doc.text).toBe('Erster Absatz.\n\nZweiter A');
    expect(doc.truncated).toBe('text cap 25 of 55 characters');
    expectConsistent(doc);
  });

  it('reports a document without text as empty', async () => {
    const result = await extractDocx(await makeDocx([new Paragraph(''), new Paragraph('   ')]), limits);
    expect(result).toMatchObject({ ok: false, error: { code: 'extract.empty' } });
  });
});

describe('extractDocx on bad input', () => {
  it('refuses a zip bomb from its central directory, without inflating it', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', new Uint8Array(60 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const started = performance.now();
    const result = await extractDocx(bomb, limits);
    // Generous for loaded CI; the detail below shows the central-directory ratio check is what fired.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('extract.zip_bomb');
    expect(result.error.detail).toMatch(/word\/document\.xml.*62914560 bytes.*limit is 200/);
  });

  it('stops inflating an entry that yields more than its declared size', async () => {
    const bytes = await makeDocx([new Paragraph('x'.repeat(20_000))]);
    const result = await extractDocx(declareSize(bytes, 'word/document.xml', 1000), limits);
    expect(result).toMatchObject({ ok: false, error: { code: 'extract.zip_bomb' } });
    if (!result.ok) expect(result.error.detail).toContain('beyond its declared 1000 bytes');
  });

  it('reports random bytes as corrupt', async () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 251);
    const result = await extractDocx(noise, limits);
    expect(result).toMatchObject({ ok: false, error: { code: 'extract.corrupt' } });
  });

  it('reports a password-protected Word document as encrypted', async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    ole.set(Buffer.from('EncryptionInfo', 'utf16le'), 1024);
    const result = await extractDocx(ole, limits);
    expect(result).toEqual({
      ok: false,
      error: { code: 'extract.encrypted', detail: 'password-protected Word document' },
    });
  });

  it('reports an unencrypted OLE file (a legacy .doc) as unsupported', async () => {
    const ole = new Uint8Array(2048);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const result = await extractDocx(ole, limits);
    expect(result).toMatchObject({ ok: false, error: { code: 'extract.unsupported_type' } });
  });

  it('reports a truncated document.xml as corrupt', async () => {
    const good = await makeDocx([new Paragraph('Ein Absatz, der abgeschnitten wird.')]);
    const bytes = await replacePart(good, 'word/document.xml', (xml) => xml.slice(0, Math.floor(xml.length * 0.8)));
    const result = await extractDocx(bytes, limits);
    expect(result).toMatchObject({ ok: false, error: { code: 'extract.corrupt' } });
    if (!result.ok) expect(result.error.detail).toContain('word/document.xml is not well-formed XML');
  });

  it('reports a ZIP without word/document.xml as corrupt', async () => {
    const zip = new JSZip();
    zip.file('hallo.txt', 'Grüße');
    const result = await extractDocx(await zip.generateAsync({ type: 'uint8array' }), limits);
    expect(result).toEqual({
      ok: false,
      error: { code: 'extract.corrupt', detail: 'not a Word document: the package has no word/document.xml' },
    });
  });

  it('refuses input over maxBytes before opening it', async () => {
    const result = await extractDocx(new Uint8Array(2000), { ...limits, maxBytes: 1000 });
    expect(result).toMatchObject({ ok: false, error: { code: 'extract.too_large' } });
  });
});

/** Forges the uncompressed size an entry declares in the central directory (what yauzl trusts). */
function declareSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
  const out = Buffer.from(bytes);
  const nameBytes = Buffer.from(name);
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]); // central directory file header
  for (let at = out.indexOf(signature); at >= 0; at = out.indexOf(signature, at + 4)) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.subarray(at + 46, at + 46 + nameLength).equals(nameBytes)) {
      out.writeUInt32LE(size, at + 24);
      return new Uint8Array(out);
    }
  }
  throw new Error(`no central directory entry ${name}`);
}
