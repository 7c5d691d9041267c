import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../../src/queue/redis.ts';
import { appendMany, dovecotAvailable, startDovecot, type Dovecot } from '../../helpers/dovecot.ts';
import { REDIS_URL } from '../../helpers/services.ts';
import { countOr0, openCliHarness, type CliHarness } from './cli-harness.ts';
import { loadMailTemplates, realisticMails } from '../../../fixtures/make/reply-copies.ts';
import { waitFor } from './setup.ts';

const MAILS = 30;

/**
 * RELIABILITY.md #1 through the whole daemon: `ruecklauf start` SIGKILLed while stage jobs run (and its listener
 * holds the mailbox lock), then started again. BullMQ's stalled-job check gives the killed jobs back after the lock
 * period (30 s by default), the requeue sweep re-enqueues what was never queued, the listener takes the mailbox
 * over once the dead process's lock expired. Slow by nature (about a minute): it waits for those expiries.
 */
describe.skipIf(!dovecotAvailable())('ruecklauf start killed with SIGKILL mid-pipeline', () => {
  let d: Dovecot;
  let h: CliHarness;
  let redis: Redis;
  beforeAll(async () => {
    d = await startDovecot();
    h = await openCliHarness(d, { folder: 'Kill' });
    redis = connectRedis(REDIS_URL, 'producer');
    await appendMany(d, 'Kill', realisticMails(await loadMailTemplates(), MAILS, `kill-${Date.now()}`));
  });
  afterAll(async () => {
    await h?.close();
    redis?.disconnect();
    await d?.close();
  });

  /** Jobs BullMQ currently counts as active, over every stage queue of this run's prefix. */
  async function activeJobs(): Promise<number> {
    const keys = await redis.keys(`${h.queuePrefix}*:active`);
    let n = 0;
    for (const k of keys) n += await redis.llen(k);
    return n;
  }

  it(
    'every mail ends exactly once in the database, in a terminal state, and flagged accordingly',
    { timeout: 180_000 },
    async () => {
      const first = h.run(['start']);
      const midPipeline = async () => {
        first.assertRunning();
        return (await activeJobs()) > 0 ? countOr0(h.db, 'SELECT count(*)::int AS n FROM mail_ledger') : 0;
      };
      await waitFor('stage jobs running', midPipeline, (n) => n > 0, 60_000);
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const unfinished = await countOr0(
        h.db,
        `SELECT count(*)::int AS n FROM messages WHERE state NOT IN ('classified', 'failed')`,
      );
      const ledgered = await countOr0(h.db, 'SELECT count(*)::int AS n FROM mail_ledger');
      expect(unfinished + (MAILS - ledgered)).toBeGreaterThan(0); // really killed mid-way

      const second = h.run(['start']);
      try {
        await waitFor(
          'every mail flagged on the server',
          async () => {
            const s = await h.serverState();
            second.assertRunning();
            return s.done.length + s.failed.length;
          },
          (n) => n === MAILS,
          150_000,
        );
      } finally {
        second.child.kill('SIGTERM');
      }
      const r = await second.done;
      expect(r.code, r.stderr.slice(-2000)).toBe(0);

      expect(await countOr0(h.db, 'SELECT count(*)::int AS n FROM messages')).toBe(MAILS);
      expect(await countOr0(h.db, 'SELECT count(*)::int AS n FROM mail_ledger')).toBe(MAILS);
      expect(
        await countOr0(h.db, `SELECT count(*)::int AS n FROM messages WHERE state NOT IN ('classified', 'failed')`),
      ).toBe(0);
      // A re-run job wrote its passages once (idempotent upserts), not twice.
      expect(
        await countOr0(
          h.db,
          'SELECT count(*)::int AS n FROM (SELECT document_id, seq FROM passages GROUP BY 1, 2 HAVING count(*) > 1) x',
        ),
      ).toBe(0);
      // Server flags agree with the database, UID by UID.
      const s = await h.serverState();
      expect([...s.done, ...s.failed].sort((a, b) => a - b)).toEqual(s.all);
      const rows = await h.db.query<{ uid: number; state: string }>(
        'SELECT l.uid::float8 AS uid, m.state FROM mail_ledger l JOIN messages m ON m.id = l.message_id ORDER BY l.uid',
      );
      expect(rows.filter((x) => x.state === 'classified').map((x) => x.uid)).toEqual(s.done);
      expect(rows.filter((x) => x.state === 'failed').map((x) => x.uid)).toEqual(s.failed);
    },
  );
});
