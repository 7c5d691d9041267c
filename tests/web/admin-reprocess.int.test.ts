import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

describe('reprocessing from the web (admins)', () => {
  let w: WebHarness;
  let ada: Session;
  let rita: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml', '06-corrupt-pdf-and-docx.eml'] });
    ada = await login(w.base, 'ada');
    rita = await login(w.base, 'rita');
  });
  afterAll(async () => w?.close());

  const post = (s: Session, fields: Record<string, string>) =>
    fetch(`${w.base}/admin/reprocess`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.csrf, ...fields }),
      redirect: 'manual',
    });

  it('is for admins only and refuses a post without the CSRF token', async () => {
    expect((await fetch(`${w.base}/admin/reprocess`, { headers: { cookie: ada.cookie } })).status).toBe(200);
    expect(
      (await fetch(`${w.base}/admin/reprocess`, { headers: { cookie: rita.cookie }, redirect: 'manual' })).status,
    ).toBe(403);
    const noToken = await fetch(`${w.base}/admin/reprocess`, {
      method: 'POST',
      headers: { cookie: ada.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'stage=classify&mode=run',
      redirect: 'manual',
    });
    expect(noToken.status).toBe(403);
  });

  it('a dry run predicts no change for unchanged inputs and writes nothing', async () => {
    const before = await w.t.db.query('SELECT generation FROM messages ORDER BY id');
    const page = await (await post(ada, { stage: 'classify', mode: 'dry-run' })).text();
    expect(page).toContain('Probelauf: 2 Antwort(en)');
    expect(page).toContain('Kein Item-Tag würde sich ändern.');
    expect(await w.t.db.query('SELECT generation FROM messages ORDER BY id')).toEqual(before);
  });

  it('reprocesses the failed ones only when asked, through the queue', async () => {
    w.h.startWorkers();
    const page = await (await post(ada, { stage: 'extract', failed: 'on', mode: 'run' })).text();
    expect(page).toContain('1 Antwort(en) neu eingereiht');
    const broken = w.messageIds.get('06-corrupt-pdf-and-docx.eml') ?? '';
    await waitForMessages(w.t.db, [broken], { timeoutMs: 60_000, progress: false });
    const rows = await w.t.db.query<{ id: string; generation: number; state: string }>(
      'SELECT id, generation, state FROM messages',
    );
    expect(rows.find((r) => r.id === broken)).toMatchObject({ generation: 2, state: 'classified' });
    expect(rows.find((r) => r.id !== broken)?.generation).toBe(1);
  });
});
