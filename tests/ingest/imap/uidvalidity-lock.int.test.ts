import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dovecotAvailable, testMail } from '../../helpers/dovecot.ts';
import type { ListenerState } from '../../../src/ingest/imap/listener.ts';
import { allUids, count, useImapTestEnv, testMailboxConfig, uidsWithKeyword, waitFor, waitForState } from './setup.ts';

describe.skipIf(!dovecotAvailable())('IMAP listener: UIDVALIDITY change and the mailbox lock', () => {
  const imap = useImapTestEnv();

  async function fill(folder: string, mails: Buffer[], recreate = false): Promise<bigint> {
    const c = await imap.d.client();
    try {
      if (recreate) await c.mailboxDelete(folder);
      await c.mailboxCreate(folder);
      for (const m of mails) await c.append(folder, m);
      const status = await c.status(folder, { uidValidity: true });
      return status ? (status.uidValidity ?? 0n) : 0n;
    } finally {
      await c.logout();
    }
  }

  it('after the folder is recreated with a new UIDVALIDITY, re-appended mails are not duplicated', async () => {
    const folder = `UV-${Date.now().toString(36)}`;
    const first = [0, 1, 2].map((i) => testMail(`uv-${i}`));
    const v1 = await fill(folder, first);
    const cfg = testMailboxConfig(imap.d, { folder });
    const l1 = imap.env.listener(cfg);
    l1.start();
    await waitFor(
      'three',
      () => count(imap.env.db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 3,
    );
    await l1.stop();

    // Dovecot derives UIDVALIDITY from the clock: make sure the recreated folder gets another one.
    await new Promise((r) => setTimeout(r, 1100));
    const v2 = await fill(folder, [...first, testMail('uv-new')], true);
    expect(v2).not.toBe(v1);

    const l2 = imap.env.listener(cfg);
    l2.start();
    await waitFor(
      'four rows under the new UIDVALIDITY',
      () => count(imap.env.db, 'SELECT count(*) FROM mail_ledger WHERE uidvalidity = $1::bigint', [v2.toString()]),
      (n) => n === 4,
    );
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(4);
    expect(l2.stats.duplicates).toBe(3);
    expect(l2.stats.stored).toBe(1);
    // The old generation's UIDs can no longer be addressed: their pending acks are written off, not retried forever.
    expect(
      await count(imap.env.db, `SELECT count(*) FROM mail_ledger WHERE uidvalidity = $1::bigint AND ack = 'lost'`, [
        v1.toString(),
      ]),
    ).toBe(3);

    await imap.env.db.query(`UPDATE messages SET state = 'classified'`);
    const c = await imap.d.client();
    try {
      await waitFor(
        'all four flagged done',
        () => uidsWithKeyword(c, folder, '$Ruecklauf-Done'),
        (u) => u.length === 4,
      );
      expect(await uidsWithKeyword(c, folder, '$Ruecklauf-Done')).toEqual(await allUids(c, folder));
    } finally {
      await c.logout();
    }
  });

  it('two listeners on one mailbox: one works, the other stands by and takes over when the first stops', async () => {
    const folder = `LOCK-${Date.now().toString(36)}`;
    await fill(folder, [testMail('lock-1'), testMail('lock-2')]);
    const cfg = testMailboxConfig(imap.d, { folder });
    const a = imap.env.listener(cfg);
    const b = imap.env.listener(cfg);
    const running = new Set<string>();
    let maxRunning = 0;
    const track = (name: string) => (s: ListenerState) => {
      if (s === 'running') running.add(name);
      else running.delete(name);
      maxRunning = Math.max(maxRunning, running.size);
    };
    a.onState(track('a'));
    b.onState(track('b'));
    a.start();
    await waitForState(a, 'running');
    b.start();
    await waitForState(b, 'standby');
    await waitFor(
      'two rows',
      () => count(imap.env.db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 2,
    );
    await new Promise((r) => setTimeout(r, 1000)); // b retries every 300 ms and must keep failing
    expect(b.currentState).toBe('standby');
    expect(b.stats.sessions).toBe(0);

    await a.stop();
    await waitForState(b, 'running', 5000);
    const c = await imap.d.client();
    await c.append(folder, testMail('lock-3'));
    await c.logout();
    await waitFor(
      'third mail via b',
      () => count(imap.env.db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 3,
    );
    expect(maxRunning).toBe(1);
    expect(a.stats.stored + b.stats.stored).toBe(3);
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(3);
  });

  it('a listener whose lock is taken over stops working', async () => {
    const folder = `STEAL-${Date.now().toString(36)}`;
    await fill(folder, [testMail('steal-1')]);
    const cfg = testMailboxConfig(imap.d, { folder });
    const a = imap.env.listener(cfg);
    a.start();
    await waitForState(a, 'running');
    // Simulate an expiry during a stall: someone else now holds the key.
    const keys = await imap.env.redis.keys(`${imap.env.prefix}:imap-lock:*`);
    expect(keys).toHaveLength(1);
    await imap.env.redis.set(keys[0]!, 'someone-else', 'PX', 60_000);
    await waitForState(a, 'standby', 5000);
    expect(await imap.env.redis.get(keys[0]!)).toBe('someone-else'); // not deleted by the loser
  });
});
