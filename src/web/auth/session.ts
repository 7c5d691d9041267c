import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../../store/db.ts';
import { findApiTokenUser } from '../../store/api-tokens.ts';
import { extendSession, findSession, insertSession } from '../../store/review-sessions.ts';
import type { Role } from '../../store/review-users.ts';
import type { WebEnv } from '../deps.ts';

export const SESSION_COOKIE = 'rl_session';
/** Idle timeout: a session unused for this long ends; every use extends it (at most once a minute). */
const IDLE_MS = 8 * 3600_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** Secure cookies when the client talks https to us or to the proxy in front of us. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export async function startSession(c: Context<WebEnv>, db: Db, userId: number): Promise<void> {
  const token = randomToken();
  await insertSession(db, {
    tokenHash: hashToken(token),
    userId,
    csrfToken: randomToken(),
    expiresAt: new Date(Date.now() + IDLE_MS),
  });
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/' });
}

export function endSessionCookie(c: Context<WebEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

/** API tokens are accepted on these paths only; everywhere else a person logs in. */
export const TOKEN_PATHS = /^\/(api|export)\//;

/** The bearer token of an API request, or null (wrong path, or no Authorization header). */
function bearerToken(c: Context): string | null {
  if (!TOKEN_PATHS.test(c.req.path)) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  return m?.[1] ?? null;
}

/** Loads the session (if any) into c.var.user; never refuses by itself. */
export function loadSession(db: Db): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    c.set('user', null);
    c.set('sessionHash', null);
    c.set('authVia', null);
    const bearer = bearerToken(c);
    if (bearer !== null) {
      // A script's token, never a browser's ambient credential: no session, no cookie, no CSRF token needed.
      const user = bearer.length < 200 ? await findApiTokenUser(db, hashToken(bearer)) : null;
      if (user) {
        const now = new Date();
        c.set('user', { ...user, csrfToken: '', expiresAt: now, lastSeenAt: now });
        c.set('authVia', 'token');
      }
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    if (token && token.length < 200) {
      const tokenHash = hashToken(token);
      const session = await findSession(db, tokenHash);
      if (session) {
        c.set('user', session);
        c.set('sessionHash', tokenHash);
        c.set('authVia', 'session');
        if (Date.now() - session.lastSeenAt.getTime() > 60_000)
          await extendSession(db, tokenHash, new Date(Date.now() + IDLE_MS));
      }
    }
    await next();
  };
}

const wantsHtml = (c: Context) => c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html');

/** Refuses requests without a session: browsers navigating are sent to the login page, everything else gets 401. */
export function requireUser(roles: readonly Role[] = ['admin', 'reviewer']): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) {
      // A script (an API path, or one that sent a token) gets 401, never the login form.
      const script = c.req.path.startsWith('/api/') || c.req.header('authorization') !== undefined;
      if (!script && wantsHtml(c)) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
      c.header('WWW-Authenticate', 'Bearer realm="ruecklauf"');
      return c.json({ error: 'login or API token required' }, 401);
    }
    if (!roles.includes(user.role)) return c.json({ error: 'not allowed for your role' }, 403);
    await next();
  };
}

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
