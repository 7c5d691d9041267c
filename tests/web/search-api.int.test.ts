import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTokenAdd, runTokenList, runTokenRevoke } from '../../src/cli/commands/token.ts';
import { ENGINES } from '../helpers/services.ts';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

interface ApiPassage {
  id: string;
  message: { messageId: string; from: string | null; subject: string | null; date: string | null };
  respondent: { ags: string; name: string; land: string } | null;
  text: string;
  items: string[];
  topics: string[];
  stance: string | null;
  reviewed: boolean;
  boilerplate: boolean;
  source: { kind: string; filename: string | null; page: number | null };
}
interface PassagePage {
  total: number;
  page: number;
  pageSize: number;
  passages: ApiPassage[];
}

/** Captures what a CLI command writes to stdout. */
const sink = () => {
  let text = '';
  return {
    stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream,
    text: () => text,
  };
};

describe.each(ENGINES)('GET /api/passages and /api/replies, API tokens (%s)', (engine) => {
  let w: WebHarness;
  let rita: Session;
  beforeAll(async () => {
    w = await startWebHarness({
      engine,
      mails: ['01-body-only.eml', '04-forwarded-bundle.eml', '05-fehlanzeige-html.eml', '08-late-reply.eml'],
    });
    rita = await login(w.base, 'rita');
    // The pipeline on embedded PGlite under a loaded CI machine took up to two minutes for these four mails.
  }, 300_000);
  afterAll(async () => w?.close());

  const get = async <T>(path: string, headers: Record<string, string> = { cookie: rita.cookie }) => {
    const res = await fetch(`${w.base}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as T };
  };

  it('finds passages by German full text with stemming ("Abschiebungen" finds "Abschiebung")', async () => {
    const { status, body } = await get<PassagePage>('/api/passages?q=Abschiebungen');
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThanOrEqual(1);
    const attest = body.passages.find((p) => p.text.includes('Ärztliche Atteste'));
    expect(attest).toBeDefined();
    expect(attest?.items).toContain('A1-ATTEST');
    expect(attest?.respondent).toEqual({ ags: '15085', name: 'Landkreis Harz', land: 'ST' });
    expect(attest?.source).toEqual({ kind: 'body', filename: null, page: null });
    expect(attest?.message.messageId).toBe(w.messageIds.get('01-body-only.eml'));
    expect(attest?.message.from).toBe('auslaenderbehoerde@kreis-hz.de');
    // The plural form in the text is found from the singular too.
    const singular = await get<PassagePage>('/api/passages?q=Bescheinigung');
    expect(singular.body.passages.some((p) => p.text.includes('Bescheinigungen'))).toBe(true);
    expect((await get<PassagePage>('/api/passages?q=Zitronenfalter')).body.total).toBe(0);
  });

  it('filters by item, land and respondent; total counts all matches while a page holds pageSize', async () => {
    const all = (await get<PassagePage>('/api/passages?pageSize=200')).body;
    expect(all.total).toBe(all.passages.length);
    expect(all.passages.every((p) => !p.boilerplate)).toBe(true); // boilerplate=false by default
    const byItem = (await get<PassagePage>('/api/passages?item=A1-ATTEST')).body;
    expect(byItem.total).toBe(all.passages.filter((p) => p.items.includes('A1-ATTEST')).length);
    expect(byItem.passages.every((p) => p.items.includes('A1-ATTEST'))).toBe(true);
    const bb = (await get<PassagePage>('/api/passages?land=bb&pageSize=200')).body;
    expect(bb.total).toBeGreaterThan(0);
    expect(bb.passages.every((p) => p.respondent?.land === 'BB')).toBe(true);
    expect(bb.total).toBe(all.passages.filter((p) => p.respondent?.land === 'BB').length);
    const barnim = (await get<PassagePage>('/api/passages?respondent=12060&pageSize=200')).body;
    expect(barnim.total).toBeGreaterThan(0);
    expect(barnim.passages.every((p) => p.respondent?.ags === '12060')).toBe(true);
    // Pages: two at a time, no overlap, same total.
    const p1 = (await get<PassagePage>('/api/passages?pageSize=2&page=1')).body;
    const p2 = (await get<PassagePage>('/api/passages?pageSize=2&page=2')).body;
    expect(p1).toMatchObject({ total: all.total, page: 1, pageSize: 2 });
    expect(p1.passages).toHaveLength(2);
    expect(p2.passages.map((p) => p.id)).not.toContain(p1.passages[0]?.id);
    const withBoilerplate = (await get<PassagePage>('/api/passages?boilerplate=all&pageSize=1')).body;
    expect(withBoilerplate.total).toBeGreaterThan(all.total);
    const onlyBoilerplate = (await get<PassagePage>('/api/passages?boilerplate=true&pageSize=200')).body;
    expect(onlyBoilerplate.passages.every((p) => p.boilerplate)).toBe(true);
    expect(onlyBoilerplate.total + all.total).toBe(withBoilerplate.total);
  });

  it('filters by reviewed after a reviewer confirmed a passage on every dimension', async () => {
    const open = (await get<PassagePage>('/api/passages?q=Atteste&reviewed=false')).body;
    const target = open.passages[0];
    expect(target).toBeDefined();
    const res = await fetch(`${w.base}/api/passages/${target?.id}/changes`, {
      method: 'POST',
      headers: { cookie: rita.cookie, 'x-csrf-token': rita.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 0, change: { kind: 'accept' } }),
    });
    expect(res.status).toBe(200);
    const reviewed = (await get<PassagePage>('/api/passages?reviewed=true')).body;
    expect(reviewed.passages.map((p) => p.id)).toEqual([target?.id]);
    expect(reviewed.passages[0]?.reviewed).toBe(true);
  });

  it.each([
    ['pageSize=500', 'pageSize', /1 to 200/],
    ['page=0', 'page', /from 1/],
    ['item=A9-NOPE', 'item', /A1-ATTEST/],
    ['stance=vielleicht', 'stance', /one of/],
    ['land=XX', 'land', /BB/],
    ['respondent=abc', 'respondent', /AGS/],
    ['reviewed=ja', 'reviewed', /true or false/],
    ['sort=random', 'sort', /relevance/],
    ['stanze=agree', 'stanze', /not a known parameter/],
  ])('refuses %s with 400 naming the parameter and what is allowed', async (query, parameter, allowed) => {
    const { status, body } = await get<{ parameter: string; allowed: string }>(`/api/passages?${query}`);
    expect(status).toBe(400);
    expect(body.parameter).toBe(parameter);
    expect(body.allowed).toMatch(allowed);
  });

  it('lists replies with land, late, attributed and text filters', async () => {
    interface ReplyPage {
      total: number;
      replies: { id: string; late: boolean; respondents: { ags: string; land: string }[]; state: string }[];
    }
    const all = (await get<ReplyPage>('/api/replies')).body;
    expect(all.total).toBe(4);
    const late = (await get<ReplyPage>('/api/replies?late=true')).body;
    expect(late.replies.map((r) => r.id)).toEqual([w.messageIds.get('08-late-reply.eml')]);
    expect(late.replies[0]?.late).toBe(true);
    expect((await get<ReplyPage>('/api/replies?late=false')).body.total).toBe(3);
    const bb = (await get<ReplyPage>('/api/replies?land=BB')).body;
    expect(bb.replies.map((r) => r.id)).toEqual([w.messageIds.get('04-forwarded-bundle.eml')]);
    expect(bb.replies[0]?.respondents.map((r) => r.ags).sort()).toEqual(['12060', '12073']);
    const text = (await get<ReplyPage>('/api/replies?q=Ausreisegewahrsams')).body;
    expect(text.replies.map((r) => r.id)).toContain(w.messageIds.get('01-body-only.eml'));
    expect((await get<ReplyPage>('/api/replies?attributed=true')).body.total).toBe(
      all.replies.filter((r) => r.respondents.length > 0).length,
    );
    const bad = await get<{ parameter: string; allowed: string }>('/api/replies?state=done');
    expect(bad.status).toBe(400);
    expect(bad.body.parameter).toBe('state');
    expect(bad.body.allowed).toContain('classified');
  });

  it('answers 401 without a session or token, and accepts a bearer token made by `token add` until revoked', async () => {
    const anonymous = await fetch(`${w.base}/api/passages`, { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${w.base}/export/passages.csv`, { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
    const out = sink();
    expect(await runTokenAdd({ username: 'rita', label: 'Auswertung' }, out.stream, w.t.db)).toBe(0);
    const token = out.text().trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^rlt_[A-Za-z0-9_-]{40,}$/);
    const stored = await w.t.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    expect(stored.map((r) => r.token_hash)).not.toContain(token); // only its hash is kept
    const bearer = { authorization: `Bearer ${token}` };
    const api = await get<PassagePage>('/api/passages?pageSize=1', bearer);
    expect(api.status).toBe(200);
    expect(api.body.total).toBeGreaterThan(0);
    const csv = await fetch(`${w.base}/export/passages.csv`, { headers: bearer });
    expect(csv.status).toBe(200);
    // A token opens /api and /export only, not the pages (nor, with a reviewer's role, the admin pages).
    expect((await fetch(`${w.base}/inbox`, { headers: bearer, redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${w.base}/admin/reprocess`, { headers: bearer, redirect: 'manual' })).status).toBe(401);
    const listed = sink();
    await runTokenList(listed.stream, w.t.db);
    expect(listed.text()).toMatch(/\trita\tAuswertung\t/);
    expect(listed.text()).not.toContain(token);
    const id = Number(listed.text().split('\t')[0]);
    expect(await runTokenRevoke(id, sink().stream, w.t.db)).toBe(0);
    expect((await fetch(`${w.base}/api/passages`, { headers: bearer })).status).toBe(401);
    await expect(runTokenAdd({ username: 'nobody' }, sink().stream, w.t.db)).rejects.toThrow(/user add/);
  });
});
