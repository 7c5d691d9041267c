import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { recomputeArguments } from '../../src/queue/workers/recompute-arguments.ts';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

const PIPELINE = 'rueckfuehrung-2024';
const pep = readFileSync(`pipelines/${PIPELINE}/arguments-eval/pep.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; text: string; items: string[] });
const counties = readFileSync(`pipelines/${PIPELINE}/respondents.csv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',')[4]!);

interface ApiAnswer {
  item: string;
  arguments: {
    id: string;
    label: string;
    representative: string;
    passages: string[];
    respondents: { name: string; land: string | null }[];
    stances: Record<string, number>;
    reviewed: boolean;
  }[];
  unassigned: string[];
}

describe('arguments in the workspace, the API and the synopsis (PostgreSQL server)', () => {
  let w: WebHarness;
  let s: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml'] });
    // Each passage is the reply of another Landkreis (recognised from the sender's name), stored as the pipeline would.
    for (const [n, p] of pep.entries()) {
      const msg = `msg_${n.toString(16).padStart(32, '0')}`;
      await w.t.db.query(`INSERT INTO blobs (sha256, size, bytes) VALUES ($1, 1, '\\x00')`, [msg]);
      await w.t.db.query(
        `INSERT INTO messages (id, pipeline_id, raw_sha256, content_hash, source, state, from_name, from_address)
         VALUES ($1, $2, $1, $1, 'test', 'classified', $3, 'abh@example.org')`,
        [msg, PIPELINE, counties[n] ?? null],
      );
      await w.t.db.query(
        `INSERT INTO documents (id, message_id, path, position, kind, declared_type, blob_sha256, size, state)
         VALUES ($1, $2, 'body', 0, 'body', 'text/plain', $2, 1, 'extracted')`,
        [`doc_${n}`, msg],
      );
      await w.t.db.query(
        `INSERT INTO passages (id, message_id, document_id, seq, char_start, char_end, text) VALUES ($1, $2, $3, 0, 0, 1, $4)`,
        [p.id, msg, `doc_${n}`, p.text],
      );
      await w.t.db.query(
        `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES
           ($1, 'item', 'A2-PEP', 'rule', 0.9, 'test'), ($1, 'stance', $2, 'model', 0.8, 'test')`,
        [p.id, n % 3 === 0 ? 'vorschlag' : 'erfahrung'],
      );
    }
    await recomputeArguments(w.t.db, await loadPipeline('pipelines', PIPELINE));
    s = await login(w.base, 'rita');
  }, 120_000);
  afterAll(async () => {
    await w.close();
  });

  const get = (path: string) => fetch(`${w.base}${path}`, { headers: { cookie: s.cookie } });

  it('answers GET /api/items/{item}/arguments only after login, with every passage once', async () => {
    const anonymous = await fetch(`${w.base}/api/items/A2-PEP/arguments`, { redirect: 'manual' });
    expect(anonymous.status).not.toBe(200);
    const res = await get('/api/items/A2-PEP/arguments');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ApiAnswer;
    expect(body.item).toBe('A2-PEP');
    // The fixture reply speaks about Nr. 2 of Anlage 2 too: its passages are there as well, each once.
    const ids = [...body.arguments.flatMap((a) => a.passages), ...body.unassigned];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(pep.map((p) => p.id)));
    const first = body.arguments[0]!;
    expect(first.respondents.length).toBe(first.passages.length);
    expect(first.respondents[0]?.name).toMatch(/Kreis|Landkreis/);
    expect(Object.values(first.stances).reduce((a, b) => a + b, 0)).toBe(first.passages.length);
    // Ranked by the number of counties.
    const sizes = body.arguments.map((a) => a.respondents.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect((await get('/api/items/NOPE/arguments')).status).toBe(404);
  });

  it('lets a reviewer rename an argument (JSON with CSRF, or the form) and shows it in the view and the exports', async () => {
    const before = (await (await get('/api/items/A2-PEP/arguments')).json()) as {
      arguments: { id: string; label: string; passages: string[] }[];
    };
    const target = before.arguments[0]!;
    const post = (body: unknown, csrf: string | null) =>
      fetch(`${w.base}/api/items/A2-PEP/arguments/edits`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post({ kind: 'rename', argument: target.id, label: 'Wartezeiten' }, null)).status).toBe(403);
    expect((await post({ kind: 'rename', argument: target.id }, s.csrf)).status).toBe(400);
    expect(
      (await post({ kind: 'rename', argument: target.id, label: 'Botschaften antworten nicht' }, s.csrf)).status,
    ).toBe(200);
    const form = await fetch(`${w.base}/items/A2-PEP/arguments/edit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.csrf, kind: 'move', passage: target.passages[0]!, to: '' }),
    });
    expect(form.status).toBe(303);
    const after = (await (await get('/api/items/A2-PEP/arguments')).json()) as {
      arguments: { id: string; label: string; reviewed: boolean }[];
      unassigned: string[];
    };
    expect(after.arguments.find((a) => a.id === target.id)).toMatchObject({
      label: 'Botschaften antworten nicht',
      reviewed: true,
    });
    expect(after.unassigned).toContain(target.passages[0]);

    const page = await (await get('/items/A2-PEP/arguments')).text();
    expect(page).toContain('Botschaften antworten nicht');
    expect(page).toContain('Einzelne Äußerungen');

    const docx = await JSZip.loadAsync(await (await get('/export/synopsis.docx')).arrayBuffer());
    const xml = (await docx.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain('Argumente');
    expect(xml).toContain('1. Botschaften antworten nicht');
    expect(xml).toMatch(/Zu dieser Nummer äußerten sich \d+ Landkreise/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await get('/export/passages.xlsx')).arrayBuffer());
    const sheet = wb.getWorksheet('Argumente')!;
    const labels = sheet.getColumn(3).values.map(String);
    expect(labels).toContain('Botschaften antworten nicht');
  });
});
