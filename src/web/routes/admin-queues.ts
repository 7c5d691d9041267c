import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { WebDeps } from '../deps.ts';

export const ADMIN_QUEUES_PATH = '/admin/queues';

/**
 * bull-board for admins (the gate enforces the role). Read-only: its UI's retry/clean calls would carry no CSRF
 * token, and reprocessing belongs to the inbox's retry button, which resets the message in PostgreSQL first.
 */
export function adminQueuesApp(deps: Pick<WebDeps, 'queues'>): Hono {
  const serverAdapter = new HonoAdapter(serveStatic);
  serverAdapter.setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: Object.values(deps.queues).map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    // @bull-board/hono 9.10.1 pins its own copy of @bull-board/api 9.10.1; the two differ only in private fields.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'Rücklauf' } },
  });
  return serverAdapter.registerPlugin();
}
