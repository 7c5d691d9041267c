import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { WebEnv } from './deps.ts';

/**
 * Every response: a strict Content-Security-Policy (scripts only from our origin or with this response's nonce,
 * no plugins, no framing, no remote images, forms only to us), no MIME sniffing, no referrer to the outside.
 * Mail content is escaped text everywhere; the CSP is the second wall if an escape were ever missed.
 */
export function securityHeaders(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const nonce = randomBytes(16).toString('base64');
    c.set('nonce', nonce);
    await next();
    // bull-board's prebuilt UI sets element styles at run time and a <base href>; its pages are admin-only and carry
    // no mail content. Its Google Fonts stylesheet stays blocked (no requests to third parties).
    const board = c.req.path.startsWith('/admin/queues');
    const styleSrc = board ? "'self' 'unsafe-inline'" : "'self'";
    // A download sets its own, stricter policy (sandbox).
    if (!c.res.headers.has('Content-Security-Policy'))
      c.header(
        'Content-Security-Policy',
        [
          "default-src 'none'",
          `script-src 'self' 'nonce-${nonce}'`,
          `style-src ${styleSrc}`,
          "img-src 'self' data:",
          "font-src 'self'",
          "connect-src 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'",
          board ? "base-uri 'self'" : "base-uri 'none'",
        ].join('; '),
      );
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}
