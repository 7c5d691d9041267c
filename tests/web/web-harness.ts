import { readFile } from 'node:fs/promises';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { createLogger } from '../../src/core/logger.ts';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { upsertUser, type Role } from '../../src/store/review-users.ts';
import { hashPassword } from '../../src/web/auth/password.ts';
import { startWebServer, type RunningWebServer } from '../../src/web/server.ts';
import { openTestDb, type Engine, type TestDb } from '../helpers/services.ts';
import { createHarness, PIPELINE_ID, waitForStageJobs, type Harness } from '../helpers/pipeline-harness.ts';

export const PASSWORD = 'korrekt-pferd-batterie';
export const METRICS_TOKEN = 'scrape-token-0123456789';

/**
 * A real review workspace for tests: its own PostgreSQL schema and Redis prefix, the fixture mails run through the
 * real pipeline, an admin "ada" and a reviewer "rita" (and "rolf"), and the web server on a free port.
 */
export interface WebHarness {
  t: TestDb;
  h: Harness;
  web: RunningWebServer;
  base: string;
  messageIds: Map<string, string>;
  close(): Promise<void>;
}

export async function startWebHarness(o: {
  mails: readonly string[];
  /** Mails built in memory (fixtures/make/*), by source name. */
  built?: readonly { source: string; bytes: Buffer }[];
  engine?: Engine;
}): Promise<WebHarness> {
  const t = await openTestDb(o.engine ?? 'postgres');
  const h = createHarness(t.db);
  h.startWorkers();
  const messageIds = new Map<string, string>();
  for (const name of o.mails) {
    // "01-body-only.eml" is in fixtures/mail/; "letters/a01-….eml" names its fixtures folder.
    const file = name.includes('/') ? `fixtures/${name}` : `fixtures/mail/${name}`;
    const r = await receiveMail(t.db, h.enqueueNext, await readFile(file), {
      pipelineId: PIPELINE_ID,
      source: name,
    });
    messageIds.set(name, r.messageId);
  }
  for (const m of o.built ?? []) {
    const r = await receiveMail(t.db, h.enqueueNext, m.bytes, { pipelineId: PIPELINE_ID, source: m.source });
    messageIds.set(m.source, r.messageId);
  }
  await waitForMessages(t.db, [...messageIds.values()], { timeoutMs: 60_000, progress: false });
  // A message reads 'classified' before its stage jobs end, and the debounced relations refresh runs after them:
  // tests start from the settled state, or a refresh lands mid-test (the synopsis merged a model statement once and
  // not the next time).
  await waitForStageJobs(h.queues);
  const users: [string, Role][] = [
    ['ada', 'admin'],
    ['rita', 'reviewer'],
    ['rolf', 'reviewer'],
  ];
  const hash = await hashPassword(PASSWORD);
  for (const [u, role] of users) await upsertUser(t.db, u, role, hash);
  const web = await startWebServer({
    db: t.db,
    queues: h.queues,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    pipeline: await loadPipeline('pipelines', PIPELINE_ID),
    port: 0,
    host: '127.0.0.1',
    metricsToken: METRICS_TOKEN,
    predictor: h.ctx,
  });
  return {
    t,
    h,
    web,
    messageIds,
    base: `http://127.0.0.1:${web.port}`,
    async close() {
      await web.close();
      await h.close();
      await t.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in over HTTP like a browser: fetch the form (login CSRF cookie), post it, keep the session cookie. */
export async function login(base: string, username: string, password = PASSWORD): Promise<Session> {
  const res = await loginAttempt(base, username, password);
  const cookie = /rl_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !cookie) throw new Error(`login of ${username} failed with ${res.status}`);
  const page = await fetch(`${base}/inbox`, { headers: { cookie: `rl_session=${cookie}` } });
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on the inbox page');
  return { cookie: `rl_session=${cookie}`, csrf };
}

export async function loginAttempt(
  base: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = await fetch(`${base}/login`);
  const loginCookie = /rl_login_csrf=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `rl_login_csrf=${loginCookie}`,
      ...headers,
    },
    body: new URLSearchParams({ username, password, _csrf: token, next: '/inbox' }),
  });
}
