import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.ts';
import { MailboxListener, type ListenerState } from '../../../src/ingest/imap/listener.ts';
import { imapConnectionState, mailsReceived } from '../../../src/ops/metrics.ts';
import { closeQueues, createQueues, type StageQueues } from '../../../src/queue/queues.ts';
import { nextStageEnqueuer } from '../../../src/queue/requeue-unfinished.ts';
import { connectRedis } from '../../../src/queue/redis.ts';
import { openPostgres } from '../../../src/store/db-postgres.ts';
import type { Db } from '../../../src/store/db.ts';
import { migrate } from '../../../src/store/migrate.ts';
import { appendMany, freePort, hasDovecot, startDovecot, testMail, type Dovecot } from '../../helpers/dovecot.ts';
import { POSTGRES_URL, REDIS_URL, uniqueName } from '../../helpers/services.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
import { startRedisServer } from '../../helpers/redis-server.ts';
import { FAST_TUNING, PASSWORD_ENV, allUids, count, testMailboxConfig, uidsWithKeyword, waitFor } from './setup.ts';

const DONE = '$Ruecklauf-Done';
const MB = 1024 * 1024;

/**
 * RELIABILITY.md #4, #5 and #8: the connection cut in the middle of a large FETCH, Redis full, PostgreSQL refusing
 * writes. Each test owns its database schema, Redis (prefix or server) and folder; the outcome is always the same:
 * every mail once in the database, nothing skipped in the ledger, every mail flagged on the server in the end.
 */
describe.skipIf(!hasDovecot())('IMAP listener under faults', () => {
  let d: Dovecot;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    d = await startDovecot();
  });
  afterAll(async () => d?.close());
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    cleanups.length = 0;
  });

  /** A schema of its own whose connections carry an application_name, so a test can kill exactly them. */
  async function openDb(): Promise<{ db: Db; appName: string; schema: string }> {
    const schema = uniqueName('test');
    const appName = uniqueName('rlfault');
    const db = await openPostgres(`${POSTGRES_URL}?application_name=${appName}`, schema);
    await migrate(db);
    cleanups.push(
      () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
      () => db.close(),
    );
    return { db, appName, schema };
  }
  function openQueues(redis: Redis): StageQueues {
    const queues = createQueues(redis, uniqueName('rlfault'));
    cleanups.push(() => closeQueues(queues));
    return queues;
  }
  function listener(
    cfg: ReturnType<typeof testMailboxConfig>,
    db: Db,
    queues: StageQueues,
    redis: Redis,
  ): MailboxListener {
    const l = new MailboxListener(
      cfg,
      {
        db,
        enqueueNext: nextStageEnqueuer({ db, queues }),
        redis,
        lockPrefix: uniqueName('rlfault'),
        logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
        secrets: { [PASSWORD_ENV]: d.password },
      },
      FAST_TUNING,
    );
    cleanups.push(() => l.stop());
    return l;
  }
  async function newFolder(mails: Buffer[]): Promise<string> {
    const folder = `F-${uniqueName('x')}`;
    const c = await d.client();
    await c.mailboxCreate(folder);
    await c.logout();
    for (const m of mails) await appendMany(d, folder, [m], 1); // in order: UIDs follow the array
    return folder;
  }
  async function expectAllFlaggedDone(folder: string, n: number): Promise<void> {
    const c = await d.client();
    try {
      await waitFor(
        `done flags on all ${n}`,
        () => uidsWithKeyword(c, folder, DONE),
        (u) => u.length === n,
        20_000,
      );
      expect(await uidsWithKeyword(c, folder, DONE)).toEqual(await allUids(c, folder));
    } finally {
      await c.logout();
    }
  }
  function trackStates(l: MailboxListener): ListenerState[] {
    const states: ListenerState[] = [];
    l.onState((s) => states.push(s));
    return states;
  }
  const metric = async (m: typeof mailsReceived | typeof imapConnectionState, labels: Record<string, string>) =>
    (await m.get()).values.find((v) => {
      const have = v.labels as Record<string, string | number | undefined>;
      return Object.entries(labels).every(([k, val]) => have[k] === val);
    })?.value ?? 0;

  it('connection cut in the middle of a FETCH of an 8 MB mail: reconnects, resumes at that UID, stores it whole', async () => {
    const big = testMail('big-8mb', { body: bigBody(8 * MB) });
    const mails = [0, 1, 2, 3, 4].map((i) => testMail(`before-big-${i}`));
    mails.push(big, ...[0, 1, 2].map((i) => testMail(`after-big-${i}`)));
    const folder = await newFolder(mails);
    const proxy = await startTcpProxy(d.host, d.port);
    cleanups.push(() => proxy.close());
    const { db } = await openDb();
    const redis = connectRedis(REDIS_URL, 'producer');
    cleanups.push(async () => redis.disconnect());
    const queues = openQueues(redis);
    const cfg = testMailboxConfig(d, { folder, port: proxy.port });
    const receivedBefore = await metric(mailsReceived, { source: 'imap', new: 'true' });

    // Everything before the big mail is a few kB; 2 MB into the 8 MB body the line goes dead.
    proxy.cutAfterDownstreamBytes(2 * MB);
    const l = listener(cfg, db, queues, redis);
    const states = trackStates(l);
    l.start();
    await waitFor(
      'nine ledger rows',
      () => count(db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 9,
      30_000,
    );

    expect(proxy.cuts).toBe(1);
    expect(proxy.bytesAtLastCut).toBeLessThan(big.length); // it really was cut mid-download
    expect(states.filter((s) => s === 'backoff').length).toBeGreaterThanOrEqual(1);
    expect(l.stats.sessions).toBeGreaterThanOrEqual(2);
    // Resumed from the ledger: the five mails before the big one were not fetched again.
    expect(l.stats).toMatchObject({ stored: 9, duplicates: 0 });
    expect(await count(db, 'SELECT count(*) FROM messages')).toBe(9);
    // No partial mail: nine blobs, and the big one is byte-identical to what was appended.
    expect(await count(db, 'SELECT count(*) FROM blobs')).toBe(9);
    const stored = await db.query<{ sha256: string; size: number }>(
      `SELECT b.sha256, b.size FROM messages m JOIN blobs b ON b.sha256 = m.raw_sha256 WHERE m.header_message_id = 'reply-big-8mb@verband.example'`,
    );
    expect(stored).toEqual([{ sha256: createHash('sha256').update(big).digest('hex'), size: big.length }]);

    expect(await metric(mailsReceived, { source: 'imap', new: 'true' })).toBe(receivedBefore + 9);
    expect(await metric(imapConnectionState, { mailbox: l.mailbox })).toBe(1);
    await db.query(`UPDATE messages SET state = 'classified'`);
    await expectAllFlaggedDone(folder, 9);
    await l.stop();
    expect(await metric(imapConnectionState, { mailbox: l.mailbox })).toBe(0);
  });

  it('connection cut while acknowledging: the acknowledgement is not recorded until the server has the flags', async () => {
    const folder = await newFolder([testMail('ack-cut-1'), testMail('ack-cut-2'), testMail('ack-cut-3')]);
    const proxy = await startTcpProxy(d.host, d.port);
    cleanups.push(() => proxy.close());
    const { db } = await openDb();
    const redis = connectRedis(REDIS_URL, 'producer');
    cleanups.push(async () => redis.disconnect());
    const queues = openQueues(redis);
    const l = listener(testMailboxConfig(d, { folder, port: proxy.port }), db, queues, redis);
    l.start();
    await waitFor(
      'three ledger rows',
      () => count(db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 3,
    );
    proxy.cutOnClientCommand(/UID STORE/);
    await db.query(`UPDATE messages SET state = 'classified'`);
    await waitFor(
      'the STORE cut',
      async () => proxy.cuts,
      (n) => n === 1,
    );
    await expectAllFlaggedDone(folder, 3);
    await waitFor(
      'acks recorded',
      () => count(db, `SELECT count(*) FROM mail_ledger WHERE ack = 'done'`),
      (n) => n === 3,
    );
    expect(l.stats.sessions).toBeGreaterThanOrEqual(2);
  });

  it('Redis full (noeviction): the listener backs off, records no UID whose job was not queued, and catches up', async () => {
    const redisServer = await startRedisServer(['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction']);
    cleanups.push(() => redisServer.stop());
    const redis = connectRedis(redisServer.url, 'producer');
    cleanups.push(async () => redis.disconnect());
    const queues = openQueues(redis);
    const { db } = await openDb();
    const folder = await newFolder([testMail('rf-1'), testMail('rf-2')]);
    const l = listener(testMailboxConfig(d, { folder }), db, queues, redis);
    const states = trackStates(l);
    l.start();
    await waitFor(
      'two ledger rows',
      () => count(db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 2,
    );

    const fillers = await fillRedis(redis);
    await appendMany(d, folder, [testMail('rf-3'), testMail('rf-4'), testMail('rf-5')], 1);
    const backoffsBefore = states.filter((s) => s === 'backoff').length;
    await waitFor(
      'repeated backoff',
      async () => states.filter((s) => s === 'backoff').length - backoffsBefore,
      (n) => n >= 2,
      15_000,
    );
    // The first new mail is safe in PostgreSQL (state received), but its parse job could not be queued: the ledger
    // must not record it, or a later sweep would start behind it and the mail would wait for the requeue sweep.
    expect(await count(db, 'SELECT count(*) FROM mail_ledger')).toBe(2);
    expect(await count(db, 'SELECT count(*) FROM messages')).toBeLessThanOrEqual(3);

    await redis.del(...fillers); // memory freed
    await waitFor(
      'five ledger rows',
      () => count(db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 5,
      20_000,
    );
    expect(await count(db, 'SELECT count(*) FROM messages')).toBe(5);
    expect(await count(db, 'SELECT count(DISTINCT message_id) FROM mail_ledger')).toBe(5);
    // Every stored mail has its parse job.
    const jobs = await queues.parse.getJobCounts('waiting', 'active', 'delayed');
    expect((jobs.waiting ?? 0) + (jobs.active ?? 0) + (jobs.delayed ?? 0)).toBe(5);

    await db.query(`UPDATE messages SET state = 'classified'`);
    await expectAllFlaggedDone(folder, 5);
  });

  it('PostgreSQL refusing the ledger write: backoff and retry, then exactly one row per mail', async () => {
    const { db, schema } = await openDb();
    const redis = connectRedis(REDIS_URL, 'producer');
    cleanups.push(async () => redis.disconnect());
    const queues = openQueues(redis);
    const folder = await newFolder([testMail('pg-1'), testMail('pg-2')]);
    const l = listener(testMailboxConfig(d, { folder }), db, queues, redis);
    const states = trackStates(l);
    l.start();
    await waitFor(
      'two ledger rows',
      () => count(db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 2,
    );

    // The outage hits between the two writes of a mail: the message row commits, the ledger row cannot be written.
    await adminQuery(`
      CREATE FUNCTION ${schema}.simulated_outage() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'simulated outage'; END $$;
      CREATE TRIGGER outage BEFORE INSERT ON ${schema}.mail_ledger FOR EACH ROW EXECUTE FUNCTION ${schema}.simulated_outage();`);
    await appendMany(d, folder, [testMail('pg-3'), testMail('pg-4')], 1);
    const backoffsBefore = states.filter((s) => s === 'backoff').length;
    await waitFor(
      'repeated backoff',
      async () => states.filter((s) => s === 'backoff').length - backoffsBefore,
      (n) => n >= 2,
      15_000,
    );
    expect(await count(db, 'SELECT count(*) FROM mail_ledger')).toBe(2);
    expect(await count(db, 'SELECT count(*) FROM messages')).toBe(3); // pg-3 stored, retried many times, stored once

    await adminQuery(`DROP TRIGGER outage ON ${schema}.mail_ledger`);
    await waitFor(
      'four ledger rows',
      () => count(db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 4,
      20_000,
    );
    expect(await count(db, 'SELECT count(*) FROM messages')).toBe(4);
    expect(await count(db, 'SELECT count(*) FROM blobs')).toBe(4);
    expect(await count(db, 'SELECT count(DISTINCT message_id) FROM mail_ledger')).toBe(4);
    await db.query(`UPDATE messages SET state = 'classified'`);
    await expectAllFlaggedDone(folder, 4);
  });

  // Guards src/store/db-postgres.ts: a backend terminated between two statements of a transaction must be an error
  // the caller retries, not an unhandled 'error' event that crashes the process.
  it('PostgreSQL dropping connections again and again during ingestion: exactly one row per mail', async () => {
    const { db, appName, schema } = await openDb();
    const redis = connectRedis(REDIS_URL, 'producer');
    cleanups.push(async () => redis.disconnect());
    const queues = openQueues(redis);
    const folder = await newFolder([]);
    const l = listener(testMailboxConfig(d, { folder }), db, queues, redis);
    l.start();
    // The server drops our connections again and again while 20 mails come in (mid-transaction, between the message
    // and the ledger write, during the sweep's reads): the pool reconnects, the session retries. The killer starts
    // before the first mail arrives and counts over an admin connection, so a fast ingestion cannot outrun it.
    let killed = 0;
    let ledgerRows = 0;
    const killer = (async () => {
      for (let i = 0; i < 2_000 && ledgerRows < 20; i++) {
        killed += (
          await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
            appName,
          ])
        ).length;
        const rows = (await adminQuery(`SELECT count(*)::int AS n FROM ${schema}.mail_ledger`)) as { n: number }[];
        ledgerRows = rows[0]?.n ?? 0;
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await appendMany(
      d,
      folder,
      Array.from({ length: 20 }, (_, i) => testMail(`pg-burst-${i}`)),
      4,
    );
    await killer;
    expect(killed).toBeGreaterThan(0);
    await waitFor(
      '20 ledger rows',
      () => count(db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 20,
      20_000,
    );
    expect(await count(db, 'SELECT count(*) FROM messages')).toBe(20);
    expect(await count(db, 'SELECT count(*) FROM blobs')).toBe(20);
    expect(await count(db, 'SELECT count(DISTINCT message_id) FROM mail_ledger')).toBe(20);
    await db.query(`UPDATE messages SET state = 'classified'`);
    await expectAllFlaggedDone(folder, 20);
  });
});

/** Base64-looking text lines, as a large attachment looks on the wire. */
function bigBody(bytes: number): string {
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n';
  return line.repeat(Math.ceil(bytes / line.length));
}

async function adminQuery(sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Fills Redis until it refuses writes (OOM under noeviction); returns the keys written. Right at the limit a
 * command's own buffers decide whether it fits, so a small job could still slip through: the limit is then lowered
 * a little below the memory in use, leaving Redis solidly full until the fillers are deleted.
 */
async function fillRedis(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  // Small values only: a large argument makes Redis grow the client's query buffer, which it trims later (memory
  // suddenly free again); 16 kB fits the default buffer.
  for (const size of [16 * 1024, 512]) {
    const value = 'x'.repeat(size);
    for (let refused = false; !refused;) {
      const key = `filler:${keys.length}`;
      try {
        await redis.set(key, value);
        keys.push(key);
      } catch (err) {
        expect(String(err)).toMatch(/OOM/);
        refused = true;
      }
      if (keys.length > 50_000) throw new Error('Redis never reported OOM');
    }
  }
  await new Promise((r) => setTimeout(r, 300));
  const used = /used_memory:(\d+)/.exec(await redis.info('memory'))?.[1];
  await redis.config('SET', 'maxmemory', String(Number(used) - 64 * 1024));
  await expect(redis.set('probe', 'x')).rejects.toThrow(/OOM/);
  return keys;
}
