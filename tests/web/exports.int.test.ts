import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

describe('review workspace: exports', () => {
  let w: WebHarness;
  let s: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml', '03-docx-letter.eml'] });
    s = await login(w.base, 'rita');
  });
  afterAll(async () => w?.close());

  const get = async (path: string) => {
    const res = await fetch(w.base + path, { headers: { cookie: s.cookie } });
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    return res;
  };

  it('synopsis as DOCX: a heading per item and a table whose quotes name respondent, document and page', async () => {
    const res = await get('/export/synopsis.docx');
    const bytes = Buffer.from(await res.arrayBuffer());
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
    expect(html).toMatch(/<h2>(<a id="_Toc\d+"><\/a>)?Anlage 1 Nr\. 7 – Reisefähigkeit und ärztliche Atteste<\/h2>/);
    // Harz wrote about attests in the mail body (no pages), Ostholstein in a Word letter.
    expect(html).toMatch(/„Zu Anlage 1 Nr\. 7: Ärztliche Atteste[^“]*“/);
    expect(html).toMatch(
      /<strong>Landkreis Harz<\/strong><\/p><p><em>E-Mail-Text<\/em><\/p><\/td><td><p>„Zu Anlage 1 Nr\. 7[^<]*<\/p><p><em>ungeprüft<\/em>/,
    );
    expect(html).toMatch(/<strong>Kreis Ostholstein<\/strong><\/p><p><em>[^<]+\.docx<\/em>/);
    // A real Word table, not paragraphs that look like one.
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('w:val="Heading2"');
  });

  it('passages as XLSX: every statement in "Alle Aussagen", with German stance labels and real dates', async () => {
    const res = await get('/export/passages.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet('Alle Aussagen');
    expect(ws).toBeDefined();
    const header = (ws?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(
      expect.arrayContaining(['Landkreis', 'Dokument', 'Seite', 'Text', 'Nummern', 'Themen', 'Haltung', 'geprüft']),
    );
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = ws?.getRows(2, (ws?.rowCount ?? 1) - 1) ?? [];
    const attest = rows.find((r) => String(r.getCell(col('Text')).value).startsWith('Zu Anlage 1 Nr. 7'));
    expect(attest?.getCell(col('Landkreis')).value).toBe('Landkreis Harz');
    expect(String(attest?.getCell(col('Nummern')).value)).toContain('A1-ATTEST');
    expect(attest?.getCell(col('Datum')).value).toBeInstanceOf(Date);
  });

  it('CSV and JSONL: the same rows, with respondent and source', async () => {
    const csv = await (await get('/export/passages.csv')).text();
    expect(csv.split('\n')[0]).toBe(
      'respondent,ags,land,from,date,document,page,seq,text,items,topics,stance,confidence,tagSource,reviewed,boilerplate,passageId,messageId',
    );
    const jsonl = (await (await get('/export/passages.jsonl')).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(jsonl.some((r) => r.respondent === 'Kreis Ostholstein' && String(r.document).endsWith('.docx'))).toBe(true);
    expect(jsonl.find((r) => String(r.text).startsWith('Zu Anlage 1 Nr. 7'))?.items).toContain('A1-ATTEST');
  });
});
