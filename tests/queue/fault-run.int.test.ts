import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { connectRedis } from '../../src/queue/redis.ts';
import { closeQueues, createQueues } from '../../src/queue/queues.ts';
import { nextStageEnqueuer } from '../../src/queue/requeue-unfinished.ts';
import { queuePrefixFor } from '../../src/store/instance.ts';
import { loadMailTemplates, realisticMails } from '../../fixtures/make/reply-copies.ts';
import { openTestDb, POSTGRES_URL, uniqueName, type TestDb } from '../helpers/services.ts';
import { startRedisServer, type PrivateRedis } from '../helpers/redis-server.ts';
import { PIPELINE_ID } from '../helpers/pipeline-harness.ts';

const MAILS = 120;

/**
 * Issue 7's fault test: during a run, a worker process is killed with SIGKILL and Redis (without persistence) is
 * restarted, losing every queued job. PostgreSQL is the source of truth: afterwards every mail is there exactly
 * once, classified, with one set of passages.
 */
describe('a run surviving kill -9 of a worker and a Redis restart (PostgreSQL server)', () => {
  let t: TestDb;
  let redis: PrivateRedis;
  const workers: ChildProcess[] = [];
  const prefix = uniqueName('fault');

  beforeAll(async () => {
    t = await openTestDb('postgres');
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await redis.stop();
    await t.drop();
  });

  const startWorker = () => {
    const child = spawn(process.execPath, ['bin/ruecklauf.mjs', 'worker'], {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: POSTGRES_URL,
        DATABASE_SCHEMA: t.schema ?? '',
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
        WORKER_CONCURRENCY: '2',
        REQUEUE_INTERVAL_SECONDS: '5',
      },
    });
    workers.push(child);
    return child;
  };
  const states = async () =>
    Object.fromEntries(
      (
        await t.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM messages GROUP BY state')
      ).map((r) => [r.state, r.n]),
    );
  const waitUntil = async (what: string, done: (s: Record<string, number>) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await states();
      if (done(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  // The waits inside allow 120 s and 240 s: the test's own limit must not be the shorter one (it was 60 s).
  it('ends with every mail exactly once, classified, with no duplicate passages', { timeout: 400_000 }, async () => {
    const producer = connectRedis(redis.url, 'producer');
    const queues = createQueues(producer, await queuePrefixFor(t.db, prefix));
    const templates = await loadMailTemplates();
    const mails = realisticMails(templates, MAILS, uniqueName('fault'));
    const enqueueNext = nextStageEnqueuer({ db: t.db, queues });
    for (const raw of mails)
      await receiveMail(t.db, enqueueNext, raw, { pipelineId: PIPELINE_ID, source: 'fault-test' });
    await closeQueues(queues);
    producer.disconnect();

    const doomed = startWorker();
    startWorker();
    await waitUntil('a fifth classified', (s) => (s.classified ?? 0) >= MAILS / 5, 120_000);
    doomed.kill('SIGKILL');
    await once(doomed, 'exit');
    await redis.restart(); // every queued and active job is gone
    startWorker();

    const final = await waitUntil('every mail ended', (s) => (s.classified ?? 0) + (s.failed ?? 0) === MAILS, 240_000);
    expect(final).toEqual({ classified: MAILS });
    const [dupes] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT document_id, seq FROM passages GROUP BY document_id, seq HAVING count(*) > 1) d`,
    );
    expect(dupes?.n).toBe(0);
    // Copies of one template say the same: each must have exactly as many passages as every other copy.
    const rows = await t.db.query<{ mid: string; n: number }>(
      `SELECT m.header_message_id AS mid, count(p.id)::int AS n FROM messages m LEFT JOIN passages p ON p.message_id = m.id GROUP BY m.id`,
    );
    const byTemplate = new Map<number, Set<number>>();
    for (const r of rows) {
      const copy = Number(/-(\d+)@/.exec(r.mid)?.[1]);
      const set = byTemplate.get(copy % templates.length) ?? new Set<number>();
      byTemplate.set(copy % templates.length, set.add(r.n));
    }
    expect([...byTemplate.values()].every((counts) => counts.size === 1)).toBe(true);
    const [messages] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
    expect(messages?.n).toBe(MAILS);
  });
});
