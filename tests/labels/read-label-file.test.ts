import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { labelFileFormat, LabelFileError, readLabelFile } from '../../src/labels/read-label-file.ts';
import { nearestLabels } from '../../src/labels/nearest-labels.ts';
import { passagesCsv } from '../../src/web/exports/passages-text.ts';
import ExcelJS from 'exceljs';
import type { PassageRow } from '../../src/web/exports/passage-rows.ts';

const pipeline = await loadPipeline('pipelines', 'rueckfuehrung-2024');
const { taxonomy } = pipeline;
const bytes = (s: string) => new TextEncoder().encode(s);

const gold = (id: string, text: string, items: string[], stance = 'ablehnung', topics: string[] = []) =>
  JSON.stringify({ id, text, items, topics, stance });

async function problemsOf(name: string, content: Uint8Array): Promise<LabelFileError> {
  const err = await readLabelFile(name, content, taxonomy).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LabelFileError);
  return err as LabelFileError;
}

const row = (over: Partial<PassageRow>): PassageRow => ({
  passageId: 'psg_1',
  messageId: 'msg_1',
  documentId: 'doc_1',
  respondent: 'Landkreis A',
  ags: null,
  land: null,
  from: null,
  date: null,
  document: 'E-Mail-Text',
  page: null,
  seq: 0,
  text: 'Die Abschiebungshaft wird zu selten angeordnet.',
  items: ['A1-HAFT'],
  topics: [],
  stance: 'ablehnung',
  confidence: 1,
  tagSource: 'reviewer',
  needsReview: false,
  reviewed: true,
  boilerplate: false,
  group: null,
  replacedBy: null,
  endorses: null,
  ...over,
});

/**
 * A workbook shaped like /export/synopsis.xlsx (src/web/exports/synopsis/synopsis-xlsx.ts): a summary sheet first,
 * the passages on "Alle Aussagen" with German headers, stances and topics by label.
 */
async function exportLikeWorkbook(rows: readonly PassageRow[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Übersicht').addRow(['Nummer', 'Zustimmung']);
  const ws = wb.addWorksheet('Alle Aussagen');
  ws.addRow(['Nummern', 'Landkreis', 'Text', 'Haltung', 'Themen', 'geprüft', 'Passage-ID']);
  for (const r of rows)
    ws.addRow([r.items.join('; '), r.respondent, r.text, r.stance ?? '', r.topics.join('; '), 'ja', r.passageId]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readLabelFile', () => {
  it('reads the eval gold format (JSONL), line by line', async () => {
    const file = [gold('a', 'Haft wird zu selten angeordnet.', ['A1-HAFT']), '', gold('b', 'Keine Anmerkungen.', [])];
    const read = await readLabelFile('gold.jsonl', bytes(file.join('\n')), taxonomy);
    expect(read.format).toBe('jsonl');
    expect(read.rows).toEqual([
      {
        line: 1,
        sourceId: 'a',
        text: 'Haft wird zu selten angeordnet.',
        items: ['A1-HAFT'],
        topics: [],
        stance: 'ablehnung',
      },
      { line: 3, sourceId: 'b', text: 'Keine Anmerkungen.', items: [], topics: [], stance: 'ablehnung' },
    ]);
  });

  it('stops on bad lines, naming each line, what is wrong and the nearest valid ids', async () => {
    const file = [
      gold('a', 'Haft.', ['A1-HAFT']),
      gold('b', 'Haft.', ['A1-HAFTT']),
      '{"id":"c","text":"x"',
      gold('d', 'Kosten.', [], 'dagegen', ['X-KOSTN']),
      gold('a', 'Noch einmal a.', []),
    ];
    const err = await problemsOf('gold.jsonl', bytes(file.join('\n')));
    expect(err.problems.map((p) => p.line)).toEqual([2, 3, 4, 4, 5]);
    expect(err.message).toContain('gold.jsonl:2: unknown item "A1-HAFTT" — nearest valid: A1-HAFT');
    expect(err.message).toContain('gold.jsonl:3: not JSON');
    expect(err.message).toMatch(/gold\.jsonl:4: unknown stance "dagegen" — nearest valid: \S+/);
    expect(err.message).toContain('gold.jsonl:4: unknown topic "X-KOSTN" — nearest valid: X-KOSTEN');
    expect(err.message).toContain('gold.jsonl:5: id "a" is already used on line 1');
    expect(err.message).toContain('nothing imported');
  });

  it('names a missing field', async () => {
    const err = await problemsOf('gold.jsonl', bytes('{"id":"a","items":[],"topics":[],"stance":"kritik"}'));
    expect(err.message).toContain('gold.jsonl:1: text:');
  });

  it("reads the workspace's CSV export, undoing its formula escape and skipping unreviewed and boilerplate rows", async () => {
    const csv = passagesCsv([
      row({ passageId: 'psg_1', text: '-5 % Personal in der Ausländerbehörde', items: ['A2-PERSONAL'] }),
      row({ passageId: 'psg_2', reviewed: false }),
      row({ passageId: 'psg_3', boilerplate: true }),
      row({ passageId: 'psg_4', items: ['A1-HAFT', 'E-HAFTGRUENDE'], topics: ['X-KOSTEN'], stance: null }),
    ]);
    const read = await readLabelFile('export.csv', bytes(csv), taxonomy);
    expect(read.format).toBe('csv');
    expect(read.skipped).toBe(2);
    expect(read.rows).toEqual([
      {
        line: 2,
        sourceId: 'psg_1',
        text: '-5 % Personal in der Ausländerbehörde',
        items: ['A2-PERSONAL'],
        topics: [],
        stance: 'ablehnung',
      },
      {
        line: 5,
        sourceId: 'psg_4',
        text: row({}).text,
        items: ['A1-HAFT', 'E-HAFTGRUENDE'],
        topics: ['X-KOSTEN'],
      },
    ]);
  });

  it("reads the workspace's XLSX export (German headers and labels) and reports a bad item by its spreadsheet row", async () => {
    const good = await exportLikeWorkbook([
      row({ stance: 'Ablehnung / Kritik' }),
      row({ passageId: 'psg_2', items: [], stance: 'zustimmung' }),
    ]);
    const read = await readLabelFile('export.xlsx', good, taxonomy);
    expect(read.format).toBe('xlsx');
    expect(read.rows.map((r) => [r.line, r.sourceId, r.items, r.stance])).toEqual([
      [2, 'psg_1', ['A1-HAFT'], 'ablehnung'],
      [3, 'psg_2', [], 'zustimmung'],
    ]);
    const bad = await exportLikeWorkbook([row({}), row({ passageId: 'psg_2', items: ['A1-HAF'] })]);
    const err = await problemsOf('export.xlsx', bad);
    expect(err.message).toContain('export.xlsx:3: unknown item "A1-HAF" — nearest valid: A1-HAFT');
  });

  it('says so when a spreadsheet has no text column', async () => {
    const err = await problemsOf('x.csv', bytes('a,b\n1,2\n'));
    expect(err.message).toContain('x.csv:1: no "text"');
  });

  it('detects the format from the bytes, never the name', () => {
    expect(labelFileFormat(bytes('\uFEFF{"id":1}'))).toBe('jsonl');
    expect(labelFileFormat(bytes('text,items\n'))).toBe('csv');
    expect(labelFileFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
  });
});

describe('nearestLabels', () => {
  it('ranks by edit distance, ignoring case', () => {
    expect(nearestLabels('a1-haft', ['A1-HAFT', 'A2-PEP', 'E-HAFTGRUENDE'], 2)).toEqual(['A1-HAFT', 'A2-PEP']);
  });
});
