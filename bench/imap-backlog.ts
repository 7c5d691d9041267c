/**
 * A backlog on first start, end to end: a private Dovecot gets N realistic replies (the fixture mails as templates,
 * each with its own Message-ID), then the daemon — listener and stage workers in one process via openRuntime, as
 * `ruecklauf start` runs them — works until every mail carries our done/failed flag on the server. For comparison,
 * in the same run, `ruecklauf ingest` (a child process, its own schema) takes the same N files from disk; the ratio
 * is the price of IMAP (fetch, ledger, acknowledgement) over plain intake.
 *   npm run bench:imap [-- --mails 500]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { Redis } from 'ioredis';
import { openRuntime } from '../src/cli/runtime.ts';
import { loadEnv } from '../src/config/env.ts';
import { startListeners } from '../src/cli/commands/listen.ts';
import { parseMailboxSection } from '../src/config/mailbox.ts';
import { requeueUnfinished } from '../src/queue/requeue-unfinished.ts';
import type { Db } from '../src/store/db.ts';
import { appendMany, startDovecot, type Dovecot } from '../tests/helpers/dovecot.ts';
import { POSTGRES_URL, REDIS_URL, uniqueName } from '../tests/helpers/services.ts';
import { loadMailTemplates, realisticMails } from '../fixtures/make/reply-copies.ts';

const run = promisify(execFile);
const { values } = parseArgs({ options: { mails: { type: 'string', default: '500' } } });
const N = Number(values.mails);
const PIPELINE = 'rueckfuehrung-2024';
const FOLDER = 'Bench';
const PASSWORD_VAR = 'RL_BENCH_IMAP_PASSWORD';
const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function flaggedOnServer(d: Dovecot): Promise<number> {
  const c = await d.client();
  try {
    const lock = await c.getMailboxLock(FOLDER);
    try {
      const found = await c.search(
        { or: [{ keyword: '$Ruecklauf-Done' }, { keyword: '$Ruecklauf-Failed' }] },
        { uid: true },
      );
      return found ? found.length : 0;
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

async function statesOf(db: Db): Promise<string> {
  const rows = await db.query<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM messages GROUP BY state ORDER BY state',
  );
  return rows.map((r) => `${r.state} ${r.n}`).join(', ');
}

async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

/** The daemon in this process until every mail is flagged on the server; returns seconds and the states reached. */
async function runDaemon(
  d: Dovecot,
  schema: string,
  prefix: string,
): Promise<{ seconds: number; storedSeconds: number; states: string; ledger: number }> {
  Object.assign(process.env, {
    DATABASE_URL: POSTGRES_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    [PASSWORD_VAR]: d.password,
  });
  const cfg = parseMailboxSection(
    {
      host: d.host,
      port: d.port,
      secure: false,
      allowInsecure: true,
      user: d.user,
      auth: { passwordEnv: PASSWORD_VAR },
      folder: FOLDER,
      ackIntervalSeconds: 1,
    },
    PIPELINE,
    'bench pipeline.yaml',
  );
  const t0 = performance.now();
  const rt = await openRuntime();
  try {
    rt.startWorkers();
    await requeueUnfinished(rt.ctx);
    const listeners = await startListeners(rt, [cfg]);
    let last = -1;
    let storedSeconds = NaN;
    for (;;) {
      if (Number.isNaN(storedSeconds)) {
        const rows = (await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_ledger'))[0]?.n ?? 0;
        if (rows >= N) storedSeconds = (performance.now() - t0) / 1000;
      }
      const n = await flaggedOnServer(d);
      if (n !== last) process.stderr.write(`\r  acknowledged on the server: ${n}/${N}   `);
      last = n;
      if (n >= N) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    process.stderr.write('\n');
    await listeners.stop();
    const ledger = (await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_ledger'))[0]?.n ?? 0;
    return { seconds, storedSeconds, states: await statesOf(rt.db), ledger };
  } finally {
    await rt.close();
  }
}

/** `ruecklauf ingest DIR` as a child process on its own schema; returns wall seconds. */
async function runIngest(dir: string, schema: string, prefix: string): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, ['bin/ruecklauf.mjs', 'ingest', dir, '--no-progress'], {
    env: {
      ...process.env,
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'error',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return (performance.now() - t0) / 1000;
}

const d = await startDovecot();
const dir = await mkdtemp(path.join(tmpdir(), 'rl-bench-imap-'));
const imapRun = { schema: uniqueName('bench'), prefix: uniqueName('rlbench') };
const fileRun = { schema: uniqueName('bench'), prefix: uniqueName('rlbench') };
try {
  const templates = await loadMailTemplates();
  const mails = realisticMails(templates, N, `bench-${Date.now()}`);
  const bytes = mails.reduce((n, m) => n + m.length, 0);
  const c = await d.client();
  await c.mailboxCreate(FOLDER);
  await c.logout();
  const tAppend = performance.now();
  await appendMany(d, FOLDER, mails);
  const appendSeconds = (performance.now() - tAppend) / 1000;
  await Promise.all(mails.map((m, i) => writeFile(path.join(dir, `${String(i).padStart(4, '0')}.eml`), m)));

  console.log(
    `IMAP backlog benchmark: ${N} replies from ${templates.length} fixture templates, ${fmt(bytes / 1024 / 1024)} MB`,
  );
  console.log(`  APPEND to Dovecot (8 connections): ${fmt(appendSeconds)} s`);
  const imap = await runDaemon(d, imapRun.schema, imapRun.prefix);
  console.log(
    `  daemon (listener + workers), start → all ${N} acknowledged: ${fmt(imap.seconds)} s, ${fmt(N / imap.seconds)} mails/s`,
  );
  console.log(`    ledger rows ${imap.ledger}; messages: ${imap.states}`);
  console.log(
    `    of which taking in (fetch, store, ledger; workers already running): all ${N} stored after ${fmt(imap.storedSeconds)} s`,
  );
  const ingestSeconds = await runIngest(dir, fileRun.schema, fileRun.prefix);
  console.log(
    `  ruecklauf ingest of the same ${N} files (child process): ${fmt(ingestSeconds)} s, ${fmt(N / ingestSeconds)} mails/s`,
  );
  console.log(`  IMAP / file ingest: ${fmt(imap.seconds / ingestSeconds, 2)}×`);
  const env = loadEnv();
  console.log(
    `  (node ${process.version}, WORKER_CONCURRENCY ${env.WORKER_CONCURRENCY}, STAGE_CHAINING ${env.STAGE_CHAINING}, EXTRACT_THREADS ${env.EXTRACT_THREADS})`,
  );
} finally {
  await d.close();
  await rm(dir, { recursive: true, force: true });
  for (const r of [imapRun, fileRun]) {
    await dropSchema(r.schema).catch(() => undefined);
    await deleteKeys(r.prefix).catch(() => undefined);
  }
}
