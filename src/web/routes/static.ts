import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { WebEnv } from '../deps.ts';

/** Our own script and stylesheet, read once; a fixed list, so no request path ever reaches the file system. */
const FILES = {
  'review.js': 'text/javascript; charset=utf-8',
  'review.css': 'text/css; charset=utf-8',
} as const;

export function staticRoutes(): Hono<WebEnv> {
  const bodies = new Map(
    Object.entries(FILES).map(([name, type]) => [
      name,
      { type, body: readFileSync(new URL(`../static/${name}`, import.meta.url), 'utf8') },
    ]),
  );
  const app = new Hono<WebEnv>();
  app.get('/static/:name', (c) => {
    const file = bodies.get(c.req.param('name'));
    if (!file) return c.notFound();
    return c.body(file.body, 200, { 'Content-Type': file.type, 'Cache-Control': 'private, max-age=300' });
  });
  return app;
}
