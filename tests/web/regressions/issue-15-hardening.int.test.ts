import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../src/config/pipeline.ts';
import { createLogger } from '../../../src/core/logger.ts';
import { parseTrustedProxies } from '../../../src/web/auth/client-ip.ts';
import { startWebServer, type RunningWebServer } from '../../../src/web/server.ts';
import { createHarness, PIPELINE_ID, type Harness } from '../../helpers/pipeline-harness.ts';
import { login, loginAttempt, PASSWORD, startWebHarness, type Session, type WebHarness } from '../web-harness.ts';

/** Issue 15, "Bugs and hardening found": each finding with the request that showed it. */
describe('issue 15: login redirect, reprocess hint, second CSRF layer, trusted proxies', () => {
  let w: WebHarness;
  let rita: Session;
  let idle: Harness;
  let behindProxy: RunningWebServer;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml', '06-corrupt-pdf-and-docx.eml'] });
    rita = await login(w.base, 'rita');
    // The same database served by a second workspace: queues nobody works on (as with `serve` alone), and a
    // reverse proxy on 127.0.0.1 in front of it.
    idle = createHarness(w.t.db);
    behindProxy = await startWebServer({
      db: w.t.db,
      queues: idle.queues,
      logger: createLogger('silent'),
      pipeline: await loadPipeline('pipelines', PIPELINE_ID),
      port: 0,
      host: '127.0.0.1',
      metricsToken: undefined,
      trustedProxies: parseTrustedProxies('127.0.0.1'),
    });
  });
  afterAll(async () => {
    await behindProxy?.close();
    await idle?.close();
    await w?.close();
  });
  const proxied = () => `http://127.0.0.1:${behindProxy.port}`;

  /** A login with a chosen `next` field, as the form would post it. */
  const loginWithNext = async (next: string) => {
    const form = await fetch(`${w.base}/login`);
    const cookie = /rl_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    return fetch(`${w.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `rl_login_csrf=${cookie}` },
      body: new URLSearchParams({ username: 'rolf', password: PASSWORD, _csrf: token, next }),
    });
  };

  it.each([['/inbox\r\nX-Evil: 1'], ['/\t/evil.example'], ['/\n/evil.example'], ['/%0d%0a'.replace('%0d%0a', '\r\n')]])(
    'a correct login with next=%j lands on the inbox (no 500, no off-site Location)',
    async (next) => {
      const res = await loginWithNext(next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/inbox');
      expect(res.headers.get('x-evil')).toBeNull();
    },
  );

  it('keeps a harmless local next', async () => {
    const res = await loginWithNext('/coverage?land=BY');
    expect(res.headers.get('location')).toBe('/coverage?land=BY');
  });

  it('refuses a cross-site mutation even with a valid session and CSRF token (Origin / Sec-Fetch-Site)', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${w.base}/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: rita.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ _csrf: rita.csrf }),
      });
    const crossOrigin = await post({ origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(await crossOrigin.text()).toContain('evil.example');
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await post({ origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ origin: 'https://evil.example', 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // The session survived all of that; a same-origin request goes through.
    const inbox = await fetch(`${w.base}/inbox`, { headers: { cookie: rita.cookie }, redirect: 'manual' });
    expect(inbox.status).toBe(200);
    const same = await post({ origin: w.base, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(303);
    rita = await login(w.base, 'rita');
  });

  it('also refuses a cross-origin login post', async () => {
    const res = await loginAttempt(w.base, 'rita', PASSWORD, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('with `serve` alone (no worker on the queues) the reprocess page says so before and after', async () => {
    const failed = w.messageIds.get('06-corrupt-pdf-and-docx.eml') ?? '';
    const s = await login(proxied(), 'rita');
    const finished = await (
      await fetch(`${proxied()}/replies/${failed}/retry`, { headers: { cookie: s.cookie } })
    ).text();
    expect(finished).toContain('data-hint="no-worker"');
    expect(finished).toContain('ruecklauf worker');
    // A reply that did not fail: a reviewer gets the explanation, not the button.
    expect(finished).not.toContain('Ja, erneut verarbeiten');
    // A failed reply (as after a crash in extraction): the reviewer may confirm.
    await w.t.db.query(`UPDATE messages SET state = 'failed', error_code = 'extract.crash' WHERE id = $1`, [failed]);
    const ask = await (await fetch(`${proxied()}/replies/${failed}/retry`, { headers: { cookie: s.cookie } })).text();
    expect(ask).toContain('Ja, erneut verarbeiten');
    const res = await fetch(`${proxied()}/replies/${failed}/retry`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: s.csrf, confirm: 'yes' }),
    });
    expect(res.status).toBe(303);
    const view = await (await fetch(`${proxied()}/replies/${failed}`, { headers: { cookie: s.cookie } })).text();
    expect(view).toContain('data-hint="no-worker"');
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    // Direct connection (no trusted proxy): a spoofed header does not spread the failures over made-up addresses.
    for (let i = 0; i < 5; i++)
      await loginAttempt(w.base, 'ada', `falsch-${i}`, { 'x-forwarded-for': `203.0.113.${i + 1}` });
    const direct = await loginAttempt(w.base, 'ada', PASSWORD, { 'x-forwarded-for': '203.0.113.99' });
    expect(direct.status).toBe(429);
    // Behind the trusted proxy: one client's failures lock out that client, not everyone behind the proxy.
    for (let i = 0; i < 5; i++)
      await loginAttempt(proxied(), 'ada', `falsch-${i}`, { 'x-forwarded-for': '198.51.100.1' });
    const attacker = await loginAttempt(proxied(), 'ada', PASSWORD, { 'x-forwarded-for': '198.51.100.1' });
    expect(attacker.status).toBe(429);
    const colleague = await loginAttempt(proxied(), 'ada', PASSWORD, { 'x-forwarded-for': '198.51.100.2' });
    expect(colleague.status).toBe(303);
  });
});
