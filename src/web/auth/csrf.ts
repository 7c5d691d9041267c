import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from '../deps.ts';
import { safeEqual } from './session.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/**
 * Every mutating request must carry the session's CSRF token, in the X-CSRF-Token header (fetch) or the _csrf form
 * field (plain forms). SameSite=Lax already keeps the cookie off cross-site POSTs; this also covers same-site
 * attackers and old browsers. Runs after requireUser, so a session exists.
 */
export function requireCsrf(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    // A bearer token is sent deliberately by a script; a forged cross-site request cannot carry it.
    if (c.get('authVia') === 'token') return next();
    const user = c.get('user');
    let sent = c.req.header(CSRF_HEADER);
    if (!sent && (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = await c.req.parseBody();
      const field = form[CSRF_FIELD];
      sent = typeof field === 'string' ? field : undefined;
    }
    if (!user || !sent || !safeEqual(sent, user.csrfToken))
      return c.json({ error: 'missing or invalid CSRF token' }, 403);
    await next();
  };
}
