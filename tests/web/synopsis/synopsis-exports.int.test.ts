import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Session, type WebHarness } from '../web-harness.ts';
import { startConsultation } from './consultation-fixture.ts';
import { paragraphs, readDocx, tableRows } from './docx-text.ts';

const run = promisify(execFile);
const NI_COUNTIES = 37; // Landkreise of Lower Saxony in pipelines/rueckfuehrung-2024/respondents.csv

describe('synopsis as a deliverable (a loaded consultation of seven Landkreise)', () => {
  let w: WebHarness;
  let rita: Session;
  let ada: Session;
  beforeAll(async () => {
    w = await startConsultation();
    rita = await login(w.base, 'rita');
    ada = await login(w.base, 'ada');
  }, 120_000);
  afterAll(async () => w?.close());

  const get = (p: string, s: Session = rita) => fetch(w.base + p, { headers: { cookie: s.cookie } });
  const download = async (p: string) => {
    const res = await get(p);
    expect(res.status, p).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const assess = (s: Session, form: Record<string, string>, csrf = s.csrf) =>
    fetch(`${w.base}/synopsis/assessment`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...form }),
    });
  const passageId = async (prefix: string) =>
    (await w.t.db.query<{ id: string }>('SELECT id FROM passages WHERE text LIKE $1', [`${prefix}%`]))[0]?.id ?? '';

  it('assessments: admins write them (CSRF, optimistic lock, audit); reviewers may not', async () => {
    const item = { kind: 'item', target: 'A1-ATTEST', item: 'A1-ATTEST' };
    expect((await assess(rita, { ...item, version: '0', text: 'Reviewer dürfen nicht.' })).status).toBe(403);
    expect((await assess(ada, { ...item, version: '0', text: 'ohne Token' }, 'falsch')).status).toBe(403);
    const saved = await assess(ada, {
      ...item,
      version: '0',
      text: 'Der DLT unterstützt eine Präzisierung der Anforderungen an Atteste.',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/synopsis/A1-ATTEST#a-item-A1-ATTEST');
    // A second admin tab still showing version 0 is refused, nothing overwritten.
    const stale = await assess(ada, { ...item, version: '0', text: 'veraltete Fassung' });
    expect(stale.status).toBe(409);
    // Saving returns to the view it came from; anything but synopsis options is dropped from the address.
    const back = await assess(ada, {
      ...item,
      version: '1',
      text: 'Der DLT unterstützt eine Präzisierung der Anforderungen an Atteste.',
      query: '?reviewed=only&land=NI&next=//evil.example',
    });
    expect(back.headers.get('location')).toBe('/synopsis/A1-ATTEST#a-item-A1-ATTEST');
    const kept = await assess(ada, {
      ...item,
      version: '1',
      text: 'Der DLT unterstützt eine Präzisierung der Anforderungen an Atteste.',
      query: '?reviewed=only&land=ni',
    });
    expect(kept.headers.get('location')).toBe('/synopsis/A1-ATTEST?reviewed=only&land=NI#a-item-A1-ATTEST');
    expect(await stale.text()).toContain('Der DLT unterstützt eine Präzisierung');
    const ostholstein = await passageId('Eine weitere Verschärfung der Anforderungen');
    const onPassage = await assess(ada, {
      kind: 'passage',
      target: ostholstein,
      item: 'A1-ATTEST',
      version: '0',
      text: 'Amtsärztliche Kapazität ist Ländersache; Hinweis an die AG.',
    });
    expect(onPassage.status).toBe(303);
    expect((await assess(ada, { ...item, target: 'A1-HAFT', version: '0', text: 'x' })).status).toBe(400);
    const audit = await w.t.db.query<{ username: string; target_kind: string; before: string | null; after: string }>(
      'SELECT username, target_kind, before, after FROM assessment_audit ORDER BY id',
    );
    expect(audit).toEqual([
      {
        username: 'ada',
        target_kind: 'item',
        before: null,
        after: 'Der DLT unterstützt eine Präzisierung der Anforderungen an Atteste.',
      },
      {
        username: 'ada',
        target_kind: 'passage',
        before: null,
        after: 'Amtsärztliche Kapazität ist Ländersache; Hinweis an die AG.',
      },
    ]);
  });

  it('DOCX (reviewed=only): title page, TOC field, Seite X von Y, landscape tables, summary, merged statements, assessments', async () => {
    const bytes = await download('/export/synopsis.docx?reviewed=only');
    await mkdir('test-output', { recursive: true });
    await writeFile('test-output/synopse-consultation.docx', bytes);
    const docx = await readDocx(bytes);
    const text = paragraphs(docx.document);

    expect(text).toContain('Synopse der Stellungnahmen');
    expect(text).toContain('Nur von Bearbeitern geprüfte Aussagen.');
    expect(text).toContain('7 von 294 Landkreisen haben geantwortet; 6 Aussagen.');
    expect(docx.document).toMatch(/TOC \\h \\o &quot;1-2&quot;/);
    // Portrait title section, then a landscape section (width > height) for the tables.
    const sections = [...docx.document.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1] ?? '');
    expect(sections).toHaveLength(2);
    expect(sections[1]).toMatch(/w:orient="landscape"/);
    expect(sections[1]).toMatch(/w:w="16838" w:h="11906"/);
    expect(docx.footers.join('')).toMatch(/Seite [\s\S]*PAGE[\s\S]*von [\s\S]*NUMPAGES/);
    expect(docx.headers.join('')).toContain('Synopse · ');
    // The chart is an embedded PNG.
    expect(docx.media.some((m) => m.endsWith('.png'))).toBe(true);
    expect(docx.document).toContain('<w:drawing>');
    // Fixed table layout with the given column widths, so words are never broken inside a narrow column.
    expect(docx.document).toContain('<w:tblLayout w:type="fixed"/>');
    expect(docx.document).toMatch(/<w:gridCol w:w="3300"\/><w:gridCol w:w="7070"\/><w:gridCol w:w="4200"\/>/);

    // Headings come after their table-of-contents entries: the last occurrence is the chapter.
    const at = text.lastIndexOf('Anlage 1 Nr. 7 – Reisefähigkeit und ärztliche Atteste');
    const chapter = text.slice(at, text.lastIndexOf('Anlage 1 Nr. 8 – Dublin-Überstellungen (Rechtsrahmen)'));
    expect(chapter).toContain(
      '5 Landkreise haben sich geäußert (BY, NI, SH, ST) · Zustimmung / Unterstützung: 1 · Ablehnung / Kritik: 1 · Ergänzungs- oder Änderungsvorschlag: 3',
    );
    expect(chapter).toContain('Der DLT unterstützt eine Präzisierung der Anforderungen an Atteste.');
    expect(chapter).toContain('ohne Äußerung: 289 Landkreise (davon 2 mit Antwort, aber ohne Aussage hierzu)');
    // Headings, salutations and the unreviewed statement are not statements of this synopsis.
    expect(chapter.join('\n')).not.toMatch(/Sehr geehrte|„Zu Anlage 1 Nr\. 7|Emsland/);

    const rows = tableRows(docx.document);
    const merged = rows.find((r) => r[0]?.startsWith('3 Landkreise, gleichlautend:'));
    expect(merged?.[0]).toMatch(/Landkreis Celle[\s\S]*Landkreis Harburg[\s\S]*Landkreis Rosenheim/);
    expect(merged?.[1]).toMatch(/^„Die Anforderungen an qualifizierte ärztliche Bescheinigungen/);
    const critical = rows.find((r) => r[1]?.startsWith('„Eine weitere Verschärfung'));
    expect(critical?.[0]).toContain('Kreis Ostholstein');
    expect(critical?.[2]).toBe('Amtsärztliche Kapazität ist Ländersache; Hinweis an die AG.');
    expect(rows.filter((r) => r.length === 1).map((r) => r[0])).toEqual(
      expect.arrayContaining([
        'Zustimmung / Unterstützung (1)',
        'Ablehnung / Kritik (1)',
        'Ergänzungs- oder Änderungsvorschlag (3)',
      ]),
    );
  });

  it('DOCX options: without reviewed=only the unreviewed statement is in; land= and items= narrow the scope', async () => {
    const all = paragraphs((await readDocx(await download('/export/synopsis.docx'))).document);
    expect(all.join('\n')).toContain('Emsland ein wiederkehrendes Problem');
    const ni = paragraphs(
      (await readDocx(await download('/export/synopsis.docx?reviewed=only&land=ni&items=A1-ATTEST'))).document,
    );
    expect(ni).toContain('Länder: NI.');
    expect(ni.filter((p) => p.startsWith('Anlage 1 Nr.')).filter((p) => p.includes(' – '))).toEqual([
      'Anlage 1 Nr. 7 – Reisefähigkeit und ärztliche Atteste', // the TOC entry
      'Anlage 1 Nr. 7 – Reisefähigkeit und ärztliche Atteste', // the heading
    ]);
    expect(ni).toContain('2 Landkreise haben sich geäußert (NI) · Ergänzungs- oder Änderungsvorschlag: 2');
    expect(ni).toContain(
      `ohne Äußerung: ${NI_COUNTIES - 2} Landkreise (davon 1 mit Antwort, aber ohne Aussage hierzu)`,
    );
  });

  it.each([
    ['reviewed=yes', 'reviewed'],
    ['land=XX', 'land'],
    ['items=A1-NOPE', 'items'],
    ['format=pdf', 'format'],
  ])('refuses ?%s with 400 naming the parameter', async (query, parameter) => {
    for (const p of ['/export/synopsis.docx', '/export/synopsis.xlsx', '/synopsis', '/synopsis/chart.png']) {
      const res = await get(`${p}?${query}`);
      expect(res.status, p).toBe(400);
      const body = (await res.json()) as { parameter: string; error: string };
      expect(body.parameter).toBe(parameter);
      expect(body.error).toMatch(/allowed/);
    }
  });

  it('XLSX: summary sheet item × stance, a sheet per annex, real dates, German stance labels, no boilerplate', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await download('/export/synopsis.xlsx?reviewed=only')).buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Übersicht',
      'Anlage 1',
      'Anlage 2',
      'RückFVG',
      'Alle Aussagen',
      'Argumente',
    ]);
    const sheetRows = (name: string) => {
      const ws = wb.getWorksheet(name);
      const header = (ws?.getRow(1).values as unknown[]).slice(1).map(String);
      const rows = (ws?.getRows(2, Math.max(0, (ws?.rowCount ?? 1) - 1)) ?? []).map((r) =>
        Object.fromEntries(header.map((h, i) => [h, r.getCell(i + 1).value])),
      );
      return { header, rows };
    };
    const summary = sheetRows('Übersicht');
    expect(summary.rows).toHaveLength(44);
    expect(summary.rows.find((r) => r.Nummer === 'Anlage 1 Nr. 7')).toMatchObject({
      'Zustimmung / Unterstützung': 1,
      'Ablehnung / Kritik': 1,
      'Ergänzungs- oder Änderungsvorschlag': 3,
      'ohne Haltung': 0,
      'Landkreise mit Aussage': 5,
      Aussagen: 5,
      'ohne Äußerung': 289,
      Bewertung: 'Der DLT unterstützt eine Präzisierung der Anforderungen an Atteste.',
    });
    const annex = sheetRows('Anlage 1');
    expect(annex.rows).toHaveLength(6); // five on Nr. 7 (three of them merged in Word), one on Nr. 2
    const rosenheim = annex.rows.find((r) => r.Landkreis === 'Landkreis Rosenheim' && r.Nummer === 'Anlage 1 Nr. 2');
    expect(rosenheim).toMatchObject({ Haltung: 'Ablehnung / Kritik', Land: 'Bayern', geprüft: 'ja' });
    expect(rosenheim?.Datum).toEqual(new Date(Date.UTC(2024, 8, 12, 9, 30)));
    const all = sheetRows('Alle Aussagen');
    expect(all.rows.map((r) => String(r.Text)).join('\n')).not.toMatch(/Sehr geehrte|Mit freundlichen Grüßen/);
  });

  it('looks right on paper: LibreOffice renders it with page numbers and unbroken words', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rl-synopsis-pdf-'));
    try {
      const docx = path.join(dir, 'synopse.docx');
      await writeFile(docx, await download('/export/synopsis.docx?reviewed=only'));
      await run(
        'soffice',
        [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx],
        { timeout: 120_000 },
      );
      const pdf = path.join(dir, 'synopse.pdf');
      const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
      const pages = stdout.split('\f').filter((p) => p.trim() !== '');
      expect(pages.length).toBeGreaterThan(3);
      expect(pages[0]).toMatch(new RegExp(`Seite 1 von ${pages.length}`));
      expect(pages.at(-1)).toMatch(new RegExp(`Seite ${pages.length} von ${pages.length}`));
      // The stance label stays one word (it was "Änderungsvorsc|hlag" in a narrow portrait column).
      expect(stdout).toContain('Ergänzungs- oder Änderungsvorschlag (3)');
      await mkdir('test-output', { recursive: true });
      await writeFile('test-output/synopse-consultation.pdf', await readFile(pdf));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
