import { Redis } from 'ioredis';
import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { parseMailboxSection, type MailboxConfig } from '../../../src/config/mailbox.ts';
import { createLogger } from '../../../src/core/logger.ts';
import { closeQueues, createQueues, type StageQueues } from '../../../src/queue/queues.ts';
import { connectRedis } from '../../../src/queue/redis.ts';
import { nextStageEnqueuer } from '../../../src/queue/requeue-unfinished.ts';
import type { EnqueueMessage } from '../../../src/ingest/receive-mail.ts';
import { MailboxListener, type ListenerState, type ListenerTuning } from '../../../src/ingest/imap/listener.ts';
import type { Db } from '../../../src/store/db.ts';
import { startDovecot, type Dovecot } from '../../helpers/dovecot.ts';
import { openTestDb, REDIS_URL, uniqueName, type TestDb } from '../../helpers/services.ts';
import { deleteKeys } from '../../helpers/pipeline-harness.ts';

export const PASSWORD_ENV = 'RL_TEST_IMAP_PASSWORD';

/** A mailbox config pointing at the test Dovecot, with short intervals so tests are quick. */
export function testMailboxConfig(
  d: Dovecot,
  overrides: Record<string, unknown> = {},
  pipelineId = 'rueckfuehrung-2024',
): MailboxConfig {
  return parseMailboxSection(
    {
      host: d.host,
      port: d.port,
      secure: false,
      allowInsecure: true,
      user: d.user,
      auth: { passwordEnv: PASSWORD_ENV },
      sweepIntervalSeconds: 2,
      ackIntervalSeconds: 0.3,
      watchdogIntervalSeconds: 2,
      watchdogTimeoutSeconds: 2,
      ...overrides,
    },
    pipelineId,
    'test pipeline.yaml',
  );
}

export const FAST_TUNING: Partial<ListenerTuning> = {
  lockTtlMs: 3000,
  standbyRetryMs: 300,
  backoffBaseMs: 200,
  backoffMaxMs: 1500,
  autoIdleDelayMs: 300,
};

/** Database schema, Redis prefix and queues of one test file; no workers (the pipeline stages are not needed). */
export interface ImapTestEnv {
  t: TestDb;
  db: Db;
  redis: Redis;
  queues: StageQueues;
  enqueueNext: EnqueueMessage;
  prefix: string;
  listeners: MailboxListener[];
  listener(cfg: MailboxConfig, tuning?: Partial<ListenerTuning>): MailboxListener;
  close(): Promise<void>;
}

export async function openImapTestEnv(d: Dovecot): Promise<ImapTestEnv> {
  const t = await openTestDb('postgres');
  const redis = connectRedis(REDIS_URL, 'producer');
  const prefix = uniqueName('rlimap');
  const queues = createQueues(redis, prefix);
  const enqueueNext = nextStageEnqueuer({ db: t.db, queues });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const listeners: MailboxListener[] = [];
  return {
    t,
    db: t.db,
    redis,
    queues,
    enqueueNext,
    prefix,
    listeners,
    listener(cfg, tuning = {}) {
      const l = new MailboxListener(
        cfg,
        { db: t.db, enqueueNext, redis, lockPrefix: prefix, logger, secrets: { [PASSWORD_ENV]: d.password } },
        { ...FAST_TUNING, ...tuning },
      );
      listeners.push(l);
      return l;
    },
    async close() {
      for (const l of listeners) await l.stop();
      await closeQueues(queues);
      await deleteKeys(redis, prefix);
      redis.disconnect();
      await t.drop();
    },
  };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!done(last)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}

export function waitForState(l: MailboxListener, state: ListenerState, timeoutMs = 20_000): Promise<void> {
  if (l.currentState === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`listener did not reach ${state} (is ${l.currentState})`));
    }, timeoutMs);
    const off = l.onState((s) => {
      if (s === state) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

export async function count(db: Db, sql: string, params: (string | number)[] = []): Promise<number> {
  const rows = await db.query<{ n: number }>(
    sql.replace(/^SELECT count\(([^)]*)\)/, 'SELECT count($1)::int AS n'),
    params,
  );
  return rows[0]?.n ?? 0;
}

/** UIDs in the folder carrying the keyword. */
export async function uidsWithKeyword(client: ImapFlow, folder: string, keyword: string): Promise<number[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    return ((await client.search({ keyword }, { uid: true })) || []).sort((a, b) => a - b);
  } finally {
    lock.release();
  }
}

export async function allUids(client: ImapFlow, folder: string): Promise<number[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    return ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
  } finally {
    lock.release();
  }
}

export function expectUnique(values: readonly string[]): void {
  expect(new Set(values).size).toBe(values.length);
}

/** One Dovecot for the calling suite and a fresh test environment (schema, queues, folder) for each of its tests. */
export function useImapTestEnv(): { d: Dovecot; env: ImapTestEnv } {
  const run = {} as { d: Dovecot; env: ImapTestEnv };
  beforeAll(async () => {
    run.d = await startDovecot();
  });
  afterAll(async () => run.d?.close());
  beforeEach(async () => {
    run.env = await openImapTestEnv(run.d);
  });
  afterEach(async () => run.env?.close());
  return run;
}
