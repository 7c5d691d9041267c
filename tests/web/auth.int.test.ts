import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublic } from '../../src/web/auth/gate.ts';
import {
  login,
  loginAttempt,
  METRICS_TOKEN,
  PASSWORD,
  startWebHarness,
  type Session,
  type WebHarness,
} from './web-harness.ts';

/** RELIABILITY.md #27: no mutating request without a valid session and CSRF token; login brute force rate limited. */
describe('review workspace: authentication and CSRF', () => {
  let w: WebHarness;
  let ada: Session;
  let rita: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml'] });
    ada = await login(w.base, 'ada');
    rita = await login(w.base, 'rita');
  });
  afterAll(async () => w?.close());

  /** Every route the app defines, with its parameters filled in. */
  const routes = () =>
    w.web.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, path: r.path.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x') }))
      .filter((r, i, all) => all.findIndex((o) => o.method === r.method && o.path === r.path) === i);

  it('answers health without login, and readiness checks PostgreSQL and Redis', async () => {
    expect((await fetch(`${w.base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${w.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, db: true, redis: true });
  });

  it('refuses every non-public route without a session', async () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(15);
    const checked: string[] = [];
    for (const r of all) {
      if (isPublic(r.method, r.path)) continue;
      const res = await fetch(w.base + r.path, {
        method: r.method,
        redirect: 'manual',
        headers: { accept: 'text/html', 'content-type': 'application/json' },
        ...(r.method === 'GET' ? {} : { body: '{}' }),
      });
      // Browsers navigating get the login page; anything else a 401.
      if (res.status === 303) expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
      else expect(res.status, `${r.method} ${r.path}`).toBe(401);
      checked.push(`${r.method} ${r.path}`);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'GET /inbox',
        'POST /api/passages/x/changes',
        'GET /export/synopsis.docx',
        'POST /logout',
      ]),
    );
  });

  it('refuses every mutating route with a session but without (or with a wrong) CSRF token', async () => {
    const mutating = routes().filter((r) => r.method !== 'GET' && !isPublic(r.method, r.path));
    expect(mutating.length).toBeGreaterThanOrEqual(4);
    for (const r of mutating) {
      for (const token of [null, 'wrong-token', rita.csrf]) {
        const res = await fetch(w.base + r.path, {
          method: r.method,
          redirect: 'manual',
          headers: {
            cookie: ada.cookie,
            'content-type': 'application/json',
            ...(token ? { 'x-csrf-token': token } : {}),
          },
          body: '{}',
        });
        expect(res.status, `${r.method} ${r.path} with token ${token ?? 'none'}`).toBe(403);
      }
    }
    // A form post with the session's own token passes the gate (and then fails validation).
    const form = await fetch(`${w.base}/replies/${w.messageIds.get('01-body-only.eml') ?? ''}/respondent`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: ada.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: ada.csrf, origin: '', ags: 'bogus' }),
    });
    expect(form.status).toBe(400);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, Secure behind https, with a random id stored hashed', async () => {
    const res = await loginAttempt(w.base, 'rolf', PASSWORD);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/rl_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const https = await loginAttempt(w.base, 'rolf', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(https.headers.get('set-cookie')).toContain('Secure');
    const token = /rl_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    const stored = await w.t.db.query<{ token_hash: string }>('SELECT token_hash FROM review_sessions');
    expect(stored.some((s) => s.token_hash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
  });

  it('refuses a wrong password, a login without its form token, and ends a session on logout', async () => {
    expect((await loginAttempt(w.base, 'ada', 'falsch-falsch')).status).toBe(401);
    expect((await loginAttempt(w.base, 'niemand', 'falsch-falsch')).status).toBe(401);
    const noToken = await fetch(`${w.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'ada', password: PASSWORD, _csrf: 'guess' }),
    });
    expect(noToken.status).toBe(403);

    const s = await login(w.base, 'rolf');
    const out = await fetch(`${w.base}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.status).toBe(303);
    expect((await fetch(`${w.base}/inbox`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('refuses oversized request bodies before reading them', async () => {
    const res = await fetch(`${w.base}/api/passages/x/changes`, {
      method: 'POST',
      headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(100_000) }),
    });
    expect(res.status).toBe(413);
  });

  it('keeps reviewers out of the queue dashboard however the path is spelled', async () => {
    for (const path of [
      '/admin/queues',
      '/admin/queues/',
      '/admin/queues/api/queues',
      '/%61dmin/queues',
      '/admin//queues',
      '/static/../admin/queues',
    ]) {
      const res = await fetch(w.base + path, { headers: { cookie: rita.cookie } });
      expect([403, 404], path).toContain(res.status);
    }
  });

  it('never redirects off-site after login', async () => {
    const form = await fetch(`${w.base}/login?next=//evil.example/x`);
    expect(await form.text()).toContain('name="next" value="/inbox"');
  });

  it('rate-limits repeated failed logins per address and user, even with the right password then', async () => {
    for (let i = 0; i < 5; i++) expect((await loginAttempt(w.base, 'rita', `falsch-${i}`)).status).toBe(401);
    const blocked = await loginAttempt(w.base, 'rita', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address still logs in.
    expect((await loginAttempt(w.base, 'ada', PASSWORD)).status).toBe(303);
  });

  it('gives /metrics to the scrape token or an admin, and the queue dashboard to admins only', async () => {
    expect((await fetch(`${w.base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${w.base}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
    ).toBe(401);
    const scraped = await fetch(`${w.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('ruecklauf_queue_jobs');
    expect((await fetch(`${w.base}/metrics`, { headers: { cookie: rita.cookie } })).status).toBe(403);
    expect((await fetch(`${w.base}/metrics`, { headers: { cookie: ada.cookie } })).status).toBe(200);
    expect((await fetch(`${w.base}/admin/queues`, { headers: { cookie: rita.cookie } })).status).toBe(403);
    const board = await fetch(`${w.base}/admin/queues`, { headers: { cookie: ada.cookie } });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('Rücklauf');
  });

  it('sends a strict Content-Security-Policy and nosniff on pages', async () => {
    const res = await fetch(`${w.base}/inbox`, { headers: { cookie: ada.cookie } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
