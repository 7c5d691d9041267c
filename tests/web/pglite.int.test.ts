import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

/** The demo runs on embedded PGlite: the workspace's SQL must work there too. */
describe('review workspace on PGlite', () => {
  let w: WebHarness;
  let s: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml', '04-forwarded-bundle.eml'], engine: 'pglite' });
    s = await login(w.base, 'rita');
    // Ingesting on embedded PGlite alone takes ~45 s on two busy cores; the default hook limit is 60 s.
  }, 180_000);
  afterAll(async () => w?.close());

  it('serves every screen and export, and applies a versioned change', async () => {
    const harz = w.messageIds.get('01-body-only.eml') ?? '';
    for (const path of [
      '/inbox',
      `/replies/${harz}`,
      '/review-queue',
      '/synopsis',
      '/synopsis/A1-ATTEST',
      '/coverage?land=BB',
      '/export/synopsis.docx?reviewed=only&land=ST',
      '/export/synopsis.xlsx',
      '/synopsis/chart.png',
      '/export/passages.xlsx',
      '/export/passages.csv',
      '/export/passages.jsonl',
    ]) {
      expect((await fetch(w.base + path, { headers: { cookie: s.cookie } })).status, path).toBe(200);
    }
    const [p] = await w.t.db.query<{ id: string }>(
      'SELECT id FROM passages WHERE message_id = $1 AND boilerplate IS NULL ORDER BY seq LIMIT 1',
      [harz],
    );
    const post = (version: number) =>
      fetch(`${w.base}/api/passages/${p?.id ?? ''}/changes`, {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ version, change: { kind: 'set', dimension: 'topic', label: 'X-KOSTEN' } }),
      });
    expect((await post(0)).status).toBe(200);
    expect((await post(0)).status).toBe(409);
    const audit = await w.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tag_audit');
    expect(audit[0]?.n).toBe(1);
    // An admin's assessment (advisory lock and upsert) works on PGlite too.
    const ada = await login(w.base, 'ada');
    const assess = await fetch(`${w.base}/synopsis/assessment`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: ada.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: ada.csrf,
        kind: 'item',
        target: 'A1-ATTEST',
        item: 'A1-ATTEST',
        version: '0',
        text: 'geprüft auf PGlite',
      }),
    });
    expect(assess.status).toBe(303);
    const saved = await w.t.db.query<{ text: string; version: number }>('SELECT text, version FROM assessments');
    expect(saved).toEqual([{ text: 'geprüft auf PGlite', version: 1 }]);
  });
});
