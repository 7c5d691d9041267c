import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { findUserByUsername } from '../../store/review-users.ts';
import { deleteSession } from '../../store/review-sessions.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/password.ts';
import { endSessionCookie, isHttps, randomToken, safeEqual, startSession } from '../auth/session.ts';
import type { WebDeps, WebEnv } from '../deps.ts';
import { loginPage } from '../views/login.ts';
import { safeNext } from '../auth/safe-next.ts';
import { clientIp } from '../auth/client-ip.ts';
import { pageContext } from './page-context.ts';

/** Before login there is no session to hold a CSRF token: a double-submit cookie protects the login form. */
const LOGIN_CSRF_COOKIE = 'rl_login_csrf';

const LoginForm = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  _csrf: z.string().min(1).max(200),
  next: z.string().max(500).optional(),
});

export function authRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  const showLogin = (c: Context<WebEnv>, error: string | null, status: 200 | 401 | 403 | 429 = 200) => {
    const csrf = randomToken();
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/login' });
    return c.html(loginPage(pageContext(c, deps), { csrf, next: safeNext(c.req.query('next')), error }), status);
  };

  app.get('/login', (c) => (c.get('user') ? c.redirect('/inbox', 303) : showLogin(c, null)));

  app.post('/login', async (c) => {
    const form = LoginForm.safeParse(await c.req.parseBody());
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!form.success) return showLogin(c, 'Bitte Benutzername und Passwort angeben.', 401);
    if (!cookie || !safeEqual(cookie, form.data._csrf))
      return showLogin(c, 'Das Formular war abgelaufen. Bitte erneut anmelden.', 403);
    const { username, password } = form.data;
    const ip = clientIp(c, deps.trustedProxies ?? null);
    const wait = deps.limiter.retryAfter(ip, username);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      deps.logger.warn({ event: 'web.login_rate_limited', component: 'web', ip, username }, 'login rate limited');
      return showLogin(c, `Zu viele Fehlversuche. Bitte in ${Math.ceil(wait / 60)} Minuten erneut versuchen.`, 429);
    }
    const user = await findUserByUsername(deps.db, username);
    // An unknown user costs the same scrypt work as a wrong password, so timing does not reveal which accounts exist.
    const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH_PROMISE()));
    if (!user || !ok || user.disabled_at) {
      deps.limiter.recordFailure(ip, username);
      deps.logger.info({ event: 'web.login_failed', component: 'web', ip, username }, 'login failed');
      return showLogin(c, 'Benutzername oder Passwort ist falsch.', 401);
    }
    deps.limiter.recordSuccess(ip, username);
    await startSession(c, deps.db, user.id);
    deps.logger.info({ event: 'web.login', component: 'web', username }, 'login');
    return c.redirect(safeNext(form.data.next), 303);
  });

  return app;
}

/** Logout is a mutating request: it runs behind requireUser and requireCsrf (see app.ts). */
export function logoutRoute(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.post('/logout', async (c) => {
    const hash = c.get('sessionHash');
    if (hash) await deleteSession(deps.db, hash);
    endSessionCookie(c);
    return c.redirect('/login', 303);
  });
  return app;
}
