import { readFile, readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasDovecot, startDovecot, testMail, type Dovecot } from '../../helpers/dovecot.ts';
import { createHarness, type Harness } from '../../helpers/pipeline-harness.ts';
import { openTestDb, REDIS_URL, type TestDb } from '../../helpers/services.ts';
import { connectRedis } from '../../../src/queue/redis.ts';
import type { Redis } from 'ioredis';
import { createLogger } from '../../../src/core/logger.ts';
import { MailboxListener } from '../../../src/ingest/imap/listener.ts';
import { FAST_TUNING, PASSWORD_ENV, allUids, count, testMailboxConfig, uidsWithKeyword, waitFor } from './setup.ts';

/** The whole way: Dovecot → listener → parse/extract/classify workers → acknowledgement on the server. */
describe.skipIf(!hasDovecot())('IMAP listener with the real pipeline', () => {
  let d: Dovecot;
  let t: TestDb;
  let h: Harness;
  let listener: MailboxListener | null = null;
  let redis: Redis;
  beforeAll(async () => {
    d = await startDovecot();
  });
  afterAll(async () => d?.close());
  beforeEach(async () => {
    t = await openTestDb('postgres');
    h = createHarness(t.db);
    redis = connectRedis(REDIS_URL, 'producer');
  });
  afterEach(async () => {
    await listener?.stop();
    redis.disconnect();
    await h.close();
    await t.drop();
  });

  it('every mail ends exactly once in the database and flagged on the server after the pipeline finished', async () => {
    const fixtureMails: Buffer[] = [];
    for (const dir of ['fixtures/mail/', 'fixtures/hostile/']) {
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml')).sort();
      for (const n of names) fixtureMails.push(await readFile(dir + n));
    }
    const generated = Array.from({ length: 20 }, (_, i) => testMail(`e2e-${i}`));
    const mails = [...fixtureMails, ...generated, generated[0]!]; // the last one is a second delivery
    const folder = `E2E-${Date.now().toString(36)}`;
    const c = await d.client();
    await c.mailboxCreate(folder);
    for (const m of mails) await c.append(folder, m);

    const cfg = testMailboxConfig(d, { folder });
    h.startWorkers();
    listener = new MailboxListener(
      cfg,
      {
        db: t.db,
        enqueueNext: h.enqueueNext,
        redis,
        lockPrefix: h.prefix,
        logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
        secrets: { [PASSWORD_ENV]: d.password },
      },
      FAST_TUNING,
    );
    listener.start();

    await waitFor(
      'every ledger row acknowledged',
      () => count(t.db, 'SELECT count(*) FROM mail_ledger WHERE acked_at IS NOT NULL'),
      (n) => n === mails.length,
      90_000,
    );
    expect(await count(t.db, 'SELECT count(*) FROM mail_ledger')).toBe(mails.length);
    expect(await count(t.db, 'SELECT count(*) FROM messages')).toBe(mails.length - 1);
    expect(await count(t.db, `SELECT count(*) FROM messages WHERE state NOT IN ('classified', 'failed')`)).toBe(0);

    const done = await uidsWithKeyword(c, folder, cfg.ack.flag);
    const failed = await uidsWithKeyword(c, folder, cfg.ack.failedFlag);
    expect([...done, ...failed].sort((a, b) => a - b)).toEqual(await allUids(c, folder));
    // Server flags agree with the database, UID by UID.
    const rows = await t.db.query<{ uid: number; state: string }>(
      'SELECT l.uid::float8 AS uid, m.state FROM mail_ledger l JOIN messages m ON m.id = l.message_id ORDER BY l.uid',
    );
    expect(rows.filter((r) => r.state === 'classified').map((r) => r.uid)).toEqual(done);
    expect(rows.filter((r) => r.state === 'failed').map((r) => r.uid)).toEqual(failed);
    await c.logout();
  });
});
