import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { enqueueReprocess } from '../../src/reprocess/enqueue-reprocess.ts';
import { listPassageRecords } from '../../src/store/passage-records.ts';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

describe('review workspace: corrections, conflicts, audit, originals', () => {
  let w: WebHarness;
  let rita: Session;
  let rolf: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml', '04-forwarded-bundle.eml', '05-fehlanzeige-html.eml'] });
    rita = await login(w.base, 'rita');
    rolf = await login(w.base, 'rolf');
  });
  afterAll(async () => w?.close());

  const harz = () => w.messageIds.get('01-body-only.eml') ?? '';
  const change = (s: Session, passageId: string, version: number, c: unknown) =>
    fetch(`${w.base}/api/passages/${passageId}/changes`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ version, change: c }),
    });
  /** A content passage of the Harz reply that the rules tagged with A1-ATTEST (Anlage 1 Nr. 7). */
  const attestPassage = async () => {
    const rows = await w.t.db.query<{ id: string }>(
      `SELECT p.id FROM passages p JOIN tags t ON t.passage_id = p.id
       WHERE p.message_id = $1 AND t.label = 'A1-ATTEST' AND t.source <> 'reviewer' ORDER BY p.seq LIMIT 1`,
      [harz()],
    );
    return rows[0]?.id ?? '';
  };

  it("stores a correction as a reviewer tag that replaces the machine's on that dimension, with an audit row", async () => {
    const id = await attestPassage();
    expect(id).not.toBe('');
    const set = await change(rita, id, 0, { kind: 'set', dimension: 'item', label: 'A1-DULDUNG' });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ ok: true, version: 1 });
    const removed = await change(rita, id, 1, { kind: 'remove', dimension: 'item', label: 'A1-ATTEST' });
    expect(removed.status).toBe(200);

    const tags = await w.t.db.query<{ label: string; source: string }>(
      `SELECT label, source FROM tags WHERE passage_id = $1 AND dimension = 'item' ORDER BY source, label`,
      [id],
    );
    expect(tags.filter((t) => t.source === 'reviewer').map((t) => t.label)).toEqual(['A1-DULDUNG']);
    const record = (await listPassageRecords(w.t.db, null)).find((r) => r.text.includes('Atteste'));
    expect(record?.items).toEqual(['A1-DULDUNG']);
    expect(record?.tagSource).toBe('reviewer');

    const audit = await w.t.db.query<{
      username: string;
      dimension: string;
      before: string[];
      after: string[];
      version: number;
    }>('SELECT username, dimension, before, after, version FROM tag_audit WHERE passage_id = $1 ORDER BY id', [id]);
    expect(audit).toEqual([
      { username: 'rita', dimension: 'item', before: ['A1-ATTEST'], after: ['A1-ATTEST', 'A1-DULDUNG'], version: 1 },
      { username: 'rita', dimension: 'item', before: ['A1-ATTEST', 'A1-DULDUNG'], after: ['A1-DULDUNG'], version: 2 },
    ]);
    // The reply view shows the correction and the audit trail.
    const page = await (await fetch(`${w.base}/replies/${harz()}`, { headers: { cookie: rita.cookie } })).text();
    expect(page).toContain('Änderungen (2)');
  });

  it('RELIABILITY #28: two reviewers on one passage — the stale write is refused, never lost silently; both end in the audit', async () => {
    const id = await attestPassage().then(async (x) => x || '');
    const [{ version }] = (await w.t.db.query<{ version: number }>(
      'SELECT version FROM passage_reviews WHERE passage_id = $1',
      [id],
    )) as [{ version: number }];
    const [a, b] = await Promise.all([
      change(rita, id, version, { kind: 'set', dimension: 'stance', label: 'ablehnung' }),
      change(rolf, id, version, { kind: 'set', dimension: 'stance', label: 'zustimmung' }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? { s: rita, res: a, label: 'ablehnung' } : { s: rolf, res: b, label: 'zustimmung' };
    const conflict = (await loser.res.json()) as { error: string; version: number; reviewedBy: string };
    expect(conflict.error).toBe('conflict');
    expect(conflict.version).toBe(version + 1);
    // The second reviewer saw the first one's result and now overrides it explicitly, against the current version.
    const again = await change(loser.s, id, conflict.version, { kind: 'set', dimension: 'stance', label: loser.label });
    expect(again.status).toBe(200);
    const audit = await w.t.db.query<{ username: string; after: string[] }>(
      `SELECT username, after FROM tag_audit WHERE passage_id = $1 AND dimension = 'stance' ORDER BY id`,
      [id],
    );
    expect(audit).toHaveLength(2);
    expect(audit[1]?.after).toEqual([loser.label]);
  });

  it('keeps reviewer tags when the machine classifies the message again', async () => {
    const id = await attestPassage();
    await enqueueReprocess(w.h.ctx, [harz()], 'classify');
    await waitForMessages(w.t.db, [harz()], { timeoutMs: 30_000, progress: false });
    const reviewer = await w.t.db.query<{ label: string }>(
      `SELECT label FROM tags WHERE passage_id = $1 AND source = 'reviewer' AND dimension = 'item'`,
      [id],
    );
    expect(reviewer.map((r) => r.label)).toEqual(['A1-DULDUNG']);
  });

  it('marks every passage in the original text beside it, at its offsets', async () => {
    for (const id of [harz(), w.messageIds.get('04-forwarded-bundle.eml') ?? '']) {
      const page = await (await fetch(`${w.base}/replies/${id}`, { headers: { cookie: rita.cookie } })).text();
      const n = (
        await w.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages WHERE message_id = $1', [id])
      )[0]?.n;
      expect(page.match(/<mark data-passage="psg_[0-9a-f]{32}">/g)?.length).toBe(n);
    }
    const page = await (await fetch(`${w.base}/replies/${harz()}`, { headers: { cookie: rita.cookie } })).text();
    const id = await attestPassage();
    expect(page).toMatch(new RegExp(`<mark data-passage="${id}">Zu Anlage 1 Nr\\. 7: Ärztliche Atteste`));
  });

  it('refuses a label outside the taxonomy and a malformed change', async () => {
    const id = await attestPassage();
    const v =
      (await w.t.db.query<{ version: number }>('SELECT version FROM passage_reviews WHERE passage_id = $1', [id]))[0]
        ?.version ?? 0;
    expect((await change(rita, id, v, { kind: 'set', dimension: 'item', label: 'NOPE' })).status).toBe(400);
    expect((await change(rita, id, v, { kind: 'explode' })).status).toBe(400);
    expect((await change(rita, 'psg_nonexistent', 0, { kind: 'accept' })).status).toBe(404);
  });

  it('"accept" confirms the machine\'s tags on every undecided dimension and marks the passage reviewed', async () => {
    const [p] = await w.t.db.query<{ id: string }>(
      `SELECT p.id FROM passages p WHERE p.message_id = $1 AND p.boilerplate IS NULL
         AND NOT EXISTS (SELECT 1 FROM passage_reviews r WHERE r.passage_id = p.id) ORDER BY p.seq LIMIT 1`,
      [harz()],
    );
    const text = await textOf(p?.id ?? '');
    const before = (await listPassageRecords(w.t.db, null)).find((r) => r.text === text);
    expect((await change(rita, p?.id ?? '', 0, { kind: 'accept' })).status).toBe(200);
    const after = (await listPassageRecords(w.t.db, null)).find((r) => r.text === before?.text);
    expect(after?.items).toEqual(before?.items);
    expect(after?.stance).toBe(before?.stance);
    expect(after?.tagSource).toBe('reviewer');
  });
  const textOf = async (id: string) =>
    (await w.t.db.query<{ text: string }>('SELECT text FROM passages WHERE id = $1', [id]))[0]?.text;

  it('attributes the forwarded bundle to the two counties, and lets a reviewer correct a respondent', async () => {
    const inbox = await (await fetch(`${w.base}/inbox`, { headers: { cookie: rita.cookie } })).text();
    expect(inbox).toContain('Landkreis Barnim');
    expect(inbox).toContain('Landkreis Uckermark');
    expect(inbox).toContain('Landkreis Harz');
    const res = await fetch(`${w.base}/replies/${harz()}/respondent`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: rita.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: rita.csrf, origin: '', ags: '15088' }), // Saalekreis
    });
    expect(res.status).toBe(303);
    const coverage = await (await fetch(`${w.base}/coverage?land=ST`, { headers: { cookie: rita.cookie } })).text();
    expect(coverage).toMatch(/<tr class="replied">\s*<th scope="row">Saalekreis/);
    expect(coverage).toMatch(/<tr class="missing">\s*<th scope="row">Landkreis Harz/);
    // Back to automatic.
    await fetch(`${w.base}/replies/${harz()}/respondent`, {
      method: 'POST',
      headers: { cookie: rita.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: rita.csrf, origin: '', ags: 'auto' }),
    });
  });

  it('RELIABILITY #26 (server side): the HTML mail appears only as escaped text; its original downloads as an attachment', async () => {
    const id = w.messageIds.get('05-fehlanzeige-html.eml') ?? '';
    const page = await (await fetch(`${w.base}/replies/${id}`, { headers: { cookie: rita.cookie } })).text();
    expect(page).toContain('Fehlanzeige');
    expect(page).not.toMatch(/<script>alert/i);
    expect(page).not.toMatch(/<img[^>]+tracker/i);
    expect(page).not.toMatch(/onerror=/i);
    const docId = /href="\/documents\/(doc_[0-9a-f]{32})\/download"/.exec(page)?.[1] ?? '';
    const dl = await fetch(`${w.base}/documents/${docId}/download`, { headers: { cookie: rita.cookie } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-type')).toBe('application/octet-stream'); // never text/html
    expect(dl.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('retry asks first, refuses reviewers on finished replies, and resets the reply for an admin who confirms', async () => {
    const id = harz();
    const before =
      (await w.t.db.query<{ generation: number }>('SELECT generation FROM messages WHERE id = $1', [id]))[0]
        ?.generation ?? 0;
    const post = (s: Session, body: Record<string, string>) =>
      fetch(`${w.base}/replies/${id}/retry`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: s.csrf, ...body }),
      });
    // A reviewer may not re-read a finished reply at all, confirmed or not.
    expect((await post(rita, { confirm: 'yes' })).status).toBe(403);
    const ada = await login(w.base, 'ada');
    const ask = await (await fetch(`${w.base}/replies/${id}/retry`, { headers: { cookie: ada.cookie } })).text();
    expect(ask).toContain('erneut verarbeiten?');
    expect(ask).toContain('Worker verbunden'); // the harness runs workers
    // Without the confirmation field nothing happens.
    const unconfirmed = await post(ada, {});
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('confirm');
    const res = await post(ada, { confirm: 'yes' });
    expect(res.status).toBe(303);
    await waitForMessages(w.t.db, [id], { timeoutMs: 30_000, progress: false });
    const after = await w.t.db.query<{ generation: number; state: string }>(
      'SELECT generation, state FROM messages WHERE id = $1',
      [id],
    );
    expect(after[0]?.generation).toBe(before + 1);
    expect(after[0]?.state).toBe('classified');
  });

  it('shows the pages of a PDF as images, to logged-in reviewers only', async () => {
    const bundle = w.messageIds.get('04-forwarded-bundle.eml') ?? '';
    const [pdf] = await w.t.db.query<{ id: string }>(
      `SELECT id FROM documents WHERE message_id = $1 AND format = 'pdf'`,
      [bundle],
    );
    const page = await (await fetch(`${w.base}/replies/${bundle}`, { headers: { cookie: rita.cookie } })).text();
    expect(page).toContain(`src="/documents/${pdf!.id}/pages/1"`);
    const png = await fetch(`${w.base}/documents/${pdf!.id}/pages/1`, { headers: { cookie: rita.cookie } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect((await fetch(`${w.base}/documents/${pdf!.id}/pages/2`, { headers: { cookie: rita.cookie } })).status).toBe(
      404,
    );
    const anonymous = await fetch(`${w.base}/documents/${pdf!.id}/pages/1`, { redirect: 'manual' });
    expect([302, 303, 401]).toContain(anonymous.status);
  });
});
