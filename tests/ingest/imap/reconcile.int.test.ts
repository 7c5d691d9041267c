import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hasDovecot, testMail } from '../../helpers/dovecot.ts';
import { createLogger } from '../../../src/core/logger.ts';
import { formatReconcileReport, reconcileMailbox, type ReconcileDeps } from '../../../src/ingest/imap/reconcile.ts';
import {
  count,
  useImapTestEnv,
  PASSWORD_ENV,
  testMailboxConfig,
  uidsWithKeyword,
  waitFor,
  waitForState,
} from './setup.ts';

describe.skipIf(!hasDovecot())('reconcile against a real Dovecot', () => {
  const imap = useImapTestEnv();

  const deps = (): ReconcileDeps => ({
    db: imap.env.db,
    enqueueNext: imap.env.enqueueNext,
    redis: imap.env.redis,
    lockPrefix: imap.env.prefix,
    logger: createLogger('silent'),
    secrets: { [PASSWORD_ENV]: imap.d.password },
  });

  it('reports never-processed, processed-not-acked and acked-but-missing mails, and fixes the first two', async () => {
    const folder = `REC-${Date.now().toString(36)}`;
    const c = await imap.d.client();
    await c.mailboxCreate(folder);
    await c.append(folder, testMail('rec-1'));
    await c.append(folder, testMail('rec-2'));
    const cfg = testMailboxConfig(imap.d, { folder });
    const l = imap.env.listener(cfg);
    l.start();
    await waitFor(
      'two',
      () => count(imap.env.db, 'SELECT count(*) FROM mail_ledger'),
      (n) => n === 2,
    );
    await l.stop();
    await imap.env.db.query(
      `UPDATE messages SET state = 'classified' WHERE header_message_id = 'reply-rec-1@verband.example'`,
    );
    await c.append(folder, testMail('rec-3')); // arrived while no listener ran
    await c.append(folder, testMail('rec-4'));
    await c.append(folder, testMail('rec-5'), ['$Ruecklauf-Done']); // acknowledged by an earlier deployment whose DB is gone

    const before = await reconcileMailbox(cfg, deps(), { fix: false });
    expect(before).toMatchObject({
      onServer: 5,
      inLedger: 2,
      neverProcessed: [3, 4],
      processedNotAcked: [1],
      ackedMissingFromDb: [5],
      ackedFlagMissing: [],
      inFlight: 1,
      fixed: null,
    });
    expect(formatReconcileReport(before)).toContain('never processed:             2 (UID 3, 4)');
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(2); // a report changes nothing

    const fixed = await reconcileMailbox(cfg, deps(), { fix: true });
    expect(fixed.fixed).toEqual({
      ingested: { stored: 2, duplicates: 0, refused: 0, skipped: 0, vanished: 0 },
      acked: { done: 1, failed: 0 },
    });
    expect(await count(imap.env.db, 'SELECT count(*) FROM messages')).toBe(4);
    expect(await uidsWithKeyword(c, folder, '$Ruecklauf-Done')).toEqual([1, 5]);

    const after = await reconcileMailbox(cfg, deps(), { fix: false });
    expect(after).toMatchObject({ neverProcessed: [], processedNotAcked: [], ackedMissingFromDb: [5], inFlight: 3 });
    await c.logout();
  });

  it('only reports while a listener holds the mailbox', async () => {
    const folder = `RECL-${Date.now().toString(36)}`;
    const c = await imap.d.client();
    await c.mailboxCreate(folder);
    await c.logout();
    const cfg = testMailboxConfig(imap.d, { folder });
    const l = imap.env.listener(cfg);
    l.start();
    await waitForState(l, 'running');
    const r = await reconcileMailbox(cfg, deps(), { fix: true });
    expect(r.fixed).toBeNull();
    expect(r.note).toMatch(/listener holds this mailbox/);
    expect(l.currentState).toBe('running');
  });
});
