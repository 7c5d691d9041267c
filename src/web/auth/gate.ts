import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from '../deps.ts';
import { requireCsrf } from './csrf.ts';
import { requireUser } from './session.ts';

/**
 * The only routes reachable without a session: health probes, the login form, our own script and stylesheet, and
 * /metrics (which checks its bearer token or the admin role itself). Everything else needs a login, and every
 * mutating request also the session's CSRF token. An allowlist, so a new route is protected by default.
 */
export const PUBLIC_ROUTES: readonly { method: string; path: RegExp }[] = [
  { method: 'GET', path: /^\/(healthz|readyz|metrics)$/ },
  { method: 'GET', path: /^\/login$/ },
  { method: 'POST', path: /^\/login$/ },
  { method: 'GET', path: /^\/static\/[a-z0-9.-]+$/ },
];

export const isPublic = (method: string, path: string): boolean =>
  PUBLIC_ROUTES.some((r) => (r.method === method || (method === 'HEAD' && r.method === 'GET')) && r.path.test(path));

export function gate(): MiddlewareHandler<WebEnv> {
  const user = requireUser();
  const admin = requireUser(['admin']);
  const csrf = requireCsrf();
  return async (c, next) => {
    if (isPublic(c.req.method, c.req.path)) return next();
    const roleCheck = c.req.path === '/admin' || c.req.path.startsWith('/admin/') ? admin : user;
    return roleCheck(c, async () => {
      const refused = await csrf(c, next);
      if (refused instanceof Response) c.res = refused;
    });
  };
}
