import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { mailboxKey } from '../../../src/config/mailbox.ts';
import { MailboxListener } from '../../../src/ingest/imap/listener.ts';
import { appendMany, hasDovecot, testMail } from '../../helpers/dovecot.ts';
import {
  FAST_TUNING,
  PASSWORD_ENV,
  allUids,
  count,
  useImapTestEnv,
  testMailboxConfig,
  uidsWithKeyword,
  waitFor,
  waitForState,
} from './setup.ts';

const DONE = '$Ruecklauf-Done';
const FAILED = '$Ruecklauf-Failed';

describe.skipIf(!hasDovecot())('IMAP listener against a real Dovecot', () => {
  const imap = useImapTestEnv();

  let folderSeq = 0;
  async function newFolder(mails: Buffer[]): Promise<string> {
    const folder = `T${++folderSeq}-${Date.now().toString(36)}`;
    const c = await imap.d.client();
    await c.mailboxCreate(folder);
    for (const m of mails) await c.append(folder, m);
    await c.logout();
    return folder;
  }
  async function append(folder: string, ...mails: Buffer[]): Promise<void> {
    const c = await imap.d.client();
    for (const m of mails) await c.append(folder, m);
    await c.logout();
  }
  async function serverFlags(folder: string) {
    const c = await imap.d.client();
    try {
      return {
        all: await allUids(c, folder),
        done: await uidsWithKeyword(c, folder, DONE),
        failed: await uidsWithKeyword(c, folder, FAILED),
      };
    } finally {
      await c.logout();
    }
  }
  const ledgerRows = (folder: string) =>
    count(imap.env.db, `SELECT count(*) FROM mail_ledger WHERE mailbox LIKE $1`, [`%/${folder}`]);
  const finishAll = (state: 'classified' | 'failed' = 'classified') =>
    imap.env.db.query(`UPDATE messages SET state = $1`, [state]);

  it('ingests a backlog of 500 on first start exactly once, then new mail while idle; acknowledges each after it finished', async () => {
    const folder = await newFolder([]);
    await appendMany(
      imap.d,
      folder,
      Array.from({ length: 500 }, (_, i) => testMail(`backlog-${i}`)),
    );
    // Long sweep and watchdog intervals: the mail arriving later can only be noticed through IDLE.
    const l = imap.env.listener(
      testMailboxConfig(imap.d, { folder, sweepIntervalSeconds: 120, watchdogIntervalSeconds: 120 }),
    );
    l.start();
    await waitFor(
      '500 ledger rows',
      () => ledgerRows(folder),
      (n) => n === 500,
      45_000,
    );
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(500);
    expect(await count(imap.env.db, `SELECT count(*) FROM messages WHERE state = 'received'`)).toBe(500);
    // Nothing is acknowledged before the pipeline finished.
    expect((await serverFlags(folder)).done).toEqual([]);

    // New mail while the listener idles: IDLE reports it well before the next periodic sweep.
    await new Promise((r) => setTimeout(r, 700)); // let imapflow enter IDLE
    await append(folder, testMail('while-idle'));
    await waitFor(
      'the idle-time mail',
      () => ledgerRows(folder),
      (n) => n === 501,
      8_000,
    );
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(501);

    await finishAll('classified');
    await waitFor(
      'done flags on all 501',
      async () => (await serverFlags(folder)).done.length,
      (n) => n === 501,
    );
    const flags = await serverFlags(folder);
    expect(flags.done).toEqual(flags.all);
    expect(flags.failed).toEqual([]);
    await waitFor(
      'acks recorded',
      () => count(imap.env.db, `SELECT count(*) FROM mail_ledger WHERE ack = 'done' AND acked_at IS NOT NULL`),
      (n) => n === 501,
    );
    // Every message exactly once, every ledger row points at one.
    expect(await count(imap.env.db, 'SELECT count(DISTINCT message_id) FROM mail_ledger')).toBe(501);
    expect(l.stats.duplicates).toBe(0);
  });

  it('reconnects after the server restarts during IDLE and picks up mail that arrived meanwhile', async () => {
    const folder = await newFolder([testMail('before-restart')]);
    const l = imap.env.listener(testMailboxConfig(imap.d, { folder }));
    l.start();
    await waitFor(
      'first mail',
      () => ledgerRows(folder),
      (n) => n === 1,
    );
    await new Promise((r) => setTimeout(r, 700)); // in IDLE now
    await imap.d.stop();
    await waitForState(l, 'backoff', 10_000);
    await imap.d.start();
    await append(folder, testMail('after-restart'));
    await waitFor(
      'mail after restart',
      () => ledgerRows(folder),
      (n) => n === 2,
      20_000,
    );
    await waitForState(l, 'running');
    expect(l.stats.sessions).toBeGreaterThanOrEqual(2);
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(2);
  });

  it('notices a silent connection with the watchdog and reconnects', async () => {
    const folder = await newFolder([testMail('before-silence')]);
    const l = imap.env.listener(
      testMailboxConfig(imap.d, { folder, watchdogIntervalSeconds: 1, watchdogTimeoutSeconds: 1 }),
    );
    l.start();
    await waitFor(
      'first mail',
      () => ledgerRows(folder),
      (n) => n === 1,
    );
    imap.d.pause(); // the socket stays open, nothing answers: IDLE alone would wait forever
    try {
      await waitForState(l, 'backoff', 10_000);
    } finally {
      imap.d.resume();
    }
    await append(folder, testMail('after-silence'));
    await waitFor(
      'mail after silence',
      () => ledgerRows(folder),
      (n) => n === 2,
      25_000,
    );
    expect(l.stats.sessions).toBeGreaterThanOrEqual(2);
  });

  it('stops promptly even while a connect hangs on a server that does not answer', async () => {
    const folder = await newFolder([]);
    imap.d.pause();
    try {
      const l = imap.env.listener(testMailboxConfig(imap.d, { folder }));
      l.start();
      await waitForState(l, 'connecting');
      const t0 = Date.now();
      await l.stop();
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(l.currentState).toBe('stopped');
    } finally {
      imap.d.resume();
    }
  });

  it('keeps retrying with backoff on a wrong password and never logs the secret', async () => {
    const folder = await newFolder([]);
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    const l = new MailboxListener(
      testMailboxConfig(imap.d, { folder }),
      {
        db: imap.env.db,
        enqueueNext: imap.env.enqueueNext,
        redis: imap.env.redis,
        lockPrefix: imap.env.prefix,
        logger,
        secrets: { [PASSWORD_ENV]: 'wrong-Pa55word' },
      },
      FAST_TUNING,
    );
    imap.env.listeners.push(l);
    l.start();
    await waitFor(
      'two failed sessions',
      async () => l.stats.sessions,
      (n) => n >= 2,
      10_000,
    );
    await l.stop();
    const log = lines.join('');
    expect(log).toMatch(/authentication failed/);
    expect(log).not.toContain('wrong-Pa55word');
  });

  it('the same reply twice in one folder and once in another is one message, and every copy is acknowledged', async () => {
    const mail = testMail('duplicate');
    const a = await newFolder([mail, mail]);
    // The second copy went through another relay: a trace header differs, the reply is the same.
    const relayed = Buffer.concat([
      Buffer.from('Received: from relay2.example by mx.example; Mon, 2 Sep 2024\r\n'),
      mail,
    ]);
    const b = await newFolder([relayed]);
    const la = imap.env.listener(testMailboxConfig(imap.d, { folder: a }));
    const lb = imap.env.listener(testMailboxConfig(imap.d, { folder: b }));
    la.start();
    lb.start();
    await waitFor(
      'three ledger rows',
      () => count(imap.env.db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 3,
    );
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(1);
    expect(await count(imap.env.db, 'SELECT count(DISTINCT message_id) FROM mail_ledger')).toBe(1);
    await finishAll('classified');
    await waitFor(
      'done flags in both folders',
      async () => (await serverFlags(a)).done.length + (await serverFlags(b)).done.length,
      (n) => n === 3,
    );
  });

  it('refuses a mail over maxMessageBytes without fetching it and flags it failed; a failed message gets the failed flag', async () => {
    const big = testMail('big', { body: 'x'.repeat(6000) });
    const small = testMail('small');
    const folder = await newFolder([big, small]);
    const l = imap.env.listener(testMailboxConfig(imap.d, { folder, maxMessageBytes: 4000 }));
    l.start();
    await waitFor(
      'two ledger rows',
      () => ledgerRows(folder),
      (n) => n === 2,
    );
    const rows = await imap.env.db.query<{
      uid: number;
      state: string;
      reason: string | null;
      message_id: string | null;
      size: number;
    }>('SELECT uid::float8 AS uid, state, reason, message_id, size FROM mail_ledger ORDER BY uid');
    expect(rows[0]).toMatchObject({ uid: 1, state: 'refused', reason: 'too_large', message_id: null });
    expect(rows[0]?.size).toBeGreaterThan(4000);
    expect(rows[1]).toMatchObject({ uid: 2, state: 'stored' });
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(1);
    expect(await count(imap.env.db, 'SELECT count(*) FROM blobs')).toBe(1); // the big one was never stored
    await waitFor(
      'failed flag on the refused mail',
      async () => (await serverFlags(folder)).failed,
      (f) => f.length === 1,
    );
    expect((await serverFlags(folder)).failed).toEqual([1]);

    await finishAll('failed');
    await waitFor(
      'failed flag on the failed message',
      async () => (await serverFlags(folder)).failed,
      (f) => f.length === 2,
    );
    expect((await serverFlags(folder)).done).toEqual([]);
    await waitFor(
      'failed acks recorded',
      () => count(imap.env.db, `SELECT count(*) FROM mail_ledger WHERE ack = 'failed'`),
      (n) => n === 2,
    );
  });

  it('leaves mails outside the sender-domain / subject filters untouched', async () => {
    const folder = await newFolder([
      testMail('f-ok', { from: 'Amt <post@kreis.verband.example>', subject: 'Stellungnahme Rückführung' }),
      testMail('f-domain', { from: 'Spam <x@elsewhere.example>', subject: 'Stellungnahme Rückführung' }),
      testMail('f-subject', { from: 'Amt <post@verband.example>', subject: 'Newsletter' }),
    ]);
    const l = imap.env.listener(
      testMailboxConfig(imap.d, {
        folder,
        filters: { senderDomains: ['verband.example'], subjectTokens: ['stellungnahme'] },
      }),
    );
    l.start();
    await waitFor(
      'three ledger rows',
      () => ledgerRows(folder),
      (n) => n === 3,
    );
    const rows = await imap.env.db.query<{ uid: number; state: string }>(
      'SELECT uid::float8 AS uid, state FROM mail_ledger ORDER BY uid',
    );
    expect(rows.map((r) => r.state)).toEqual(['stored', 'skipped', 'skipped']);
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(1);
    await finishAll('classified');
    await waitFor(
      'done flag on the one stored',
      async () => (await serverFlags(folder)).done,
      (u) => u.length === 1,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await serverFlags(folder)).toEqual({ all: [1, 2, 3], done: [1], failed: [] });
  });

  it('in move mode moves finished mails to the processed folder and failed ones to the failed folder, deleting none', async () => {
    const folder = await newFolder([testMail('move-ok'), testMail('move-bad')]);
    const processedFolder = `${folder}-done`;
    const failedFolder = `${folder}-failed`;
    const l = imap.env.listener(
      testMailboxConfig(imap.d, { folder, ack: { mode: 'move', processedFolder, failedFolder } }),
    );
    l.start();
    await waitFor(
      'two ledger rows',
      () => ledgerRows(folder),
      (n) => n === 2,
    );
    await imap.env.db.query(
      `UPDATE messages SET state = 'classified' WHERE header_message_id = 'reply-move-ok@verband.example'`,
    );
    await imap.env.db.query(
      `UPDATE messages SET state = 'failed' WHERE header_message_id = 'reply-move-bad@verband.example'`,
    );
    await waitFor(
      'source folder empty',
      async () => (await serverFlags(folder)).all.length,
      (n) => n === 0,
    );
    expect((await serverFlags(processedFolder)).done).toHaveLength(1);
    expect((await serverFlags(failedFolder)).failed).toHaveLength(1);
    // The moved copies are not ingested again by anyone watching those folders: they carry the flags.
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(2);
  });

  it('stops cleanly and a restarted listener resumes from the ledger without duplicates', async () => {
    const folder = await newFolder(Array.from({ length: 5 }, (_, i) => testMail(`resume-${i}`)));
    const cfg = testMailboxConfig(imap.d, { folder });
    const first = imap.env.listener(cfg);
    first.start();
    await waitFor(
      'five',
      () => ledgerRows(folder),
      (n) => n === 5,
    );
    await first.stop();
    expect(first.currentState).toBe('stopped');
    // The lock is released at once: a successor does not wait for its expiry.
    expect(await imap.env.redis.exists(`${imap.env.prefix}:imap-lock:${mailboxKey(cfg)}`)).toBe(0);
    await append(folder, testMail('resume-5'), testMail('resume-6'));
    const second = imap.env.listener(cfg);
    second.start();
    await waitFor(
      'seven',
      () => ledgerRows(folder),
      (n) => n === 7,
    );
    expect(second.stats.stored).toBe(2);
    expect(second.stats.duplicates).toBe(0);
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(7);
  });
});
