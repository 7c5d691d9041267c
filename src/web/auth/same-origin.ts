import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from '../deps.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A second CSRF wall before the token check: a browser says where a request comes from. A mutating request whose
 * Sec-Fetch-Site is not "same-origin", or (without that header) whose Origin names another host, is refused — even
 * if a token leaked.
 * Clients that send neither header (curl, API scripts with a bearer token) pass on to the token checks.
 */
export function requireSameOrigin(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined) {
      // Browsers that send Sec-Fetch-Site (all current ones) say exactly where the request comes from.
      if (site !== 'same-origin') return c.json({ error: `cross-site request refused (Sec-Fetch-Site: ${site})` }, 403);
      return next();
    }
    // Older browsers: the Origin header. "null" is what our own pages send too (Referrer-Policy: no-referrer makes
    // a form post's Origin opaque), so it proves nothing either way and the token check decides.
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== 'null') {
      let host: string | null = null;
      try {
        host = new URL(origin).host;
      } catch {
        host = null;
      }
      // The Host header is what the browser connected to; a proxy passes it through (or sets X-Forwarded-Host).
      const expected = [c.req.header('x-forwarded-host'), c.req.header('host')].filter(Boolean);
      if (!host || !expected.includes(host))
        return c.json({ error: `cross-origin request refused (Origin: ${origin})` }, 403);
    }
    await next();
  };
}
