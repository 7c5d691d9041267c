import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, startDovecot, type Dovecot } from '../../helpers/dovecot.ts';
import { countOr0, openCliHarness, type CliHarness } from './cli-harness.ts';
import { loadMailTemplates, realisticMails } from '../../../fixtures/make/reply-copies.ts';
import { waitFor } from './setup.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

const MAILS = 40;

/**
 * Issue 3's "done when": the daemon (`ruecklauf start`, a real process) watches a mailbox that receives mail while
 * Dovecot is restarted and the daemon's connection is cut; in the end every mail is processed once and acknowledged,
 * and `ruecklauf reconcile` finds nothing to report. The daemon reaches Dovecot through a relay the test can cut.
 */
describe.skipIf(!dovecotAvailable())('daemon under a restarting server and a cut line, then reconcile', () => {
  let d: Dovecot;
  let proxy: TcpProxy;
  let h: CliHarness;
  beforeAll(async () => {
    d = await startDovecot();
    proxy = await startTcpProxy(d.host, d.port);
    h = await openCliHarness(d, { folder: 'Live', port: proxy.port });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await d?.close();
  });

  /**
   * APPENDs one mail directly to Dovecot, retrying through a restart. An APPEND whose answer was lost may have been
   * stored: before retrying, look for its Message-ID, so the mailbox holds each mail once.
   */
  async function deliver(mail: Buffer, messageId: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const c = await d.client();
        try {
          if (attempt > 0) {
            const lock = await c.getMailboxLock('Live');
            try {
              const found = await c.search({ header: { 'message-id': messageId } }, { uid: true });
              if (found && found.length > 0) return;
            } finally {
              lock.release();
            }
          }
          await c.append('Live', mail);
          return;
        } finally {
          await c.logout().catch(() => undefined);
        }
      } catch (err) {
        if (attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  it(
    'every mail processed once and acknowledged; reconcile reports zero discrepancies',
    { timeout: 150_000 },
    async () => {
      const tag = `live-${Date.now()}`;
      const mails = realisticMails(await loadMailTemplates(), MAILS, tag);
      const daemon = h.run(['start']);
      try {
        await waitFor(
          'listener running',
          async () => (daemon.assertRunning(), daemon.stderr()),
          (s) => s.includes('listener running'),
          30_000,
        );
        for (let i = 0; i < MAILS; i++) {
          await deliver(mails[i]!, `${tag}-${i}@ruecklauf.test`);
          if (i === 12) await d.restart(); // the server goes down and up again while mail keeps coming
          if (i === 26) proxy.cutAll(); // and later the line to the daemon is cut
          await new Promise((r) => setTimeout(r, 100));
        }
        await waitFor(
          'every mail acknowledged on the server',
          async () => {
            daemon.assertRunning();
            const s = await h.serverState();
            return s.done.length + s.failed.length;
          },
          (n) => n === MAILS,
          120_000,
        );
      } finally {
        daemon.child.kill('SIGTERM');
      }
      const r = await daemon.done;
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      // The faults really happened and the daemon went through them.
      expect(proxy.cuts).toBe(1);
      expect(r.stderr.match(/"msg":"listener running"/g)?.length ?? 0).toBeGreaterThanOrEqual(3);

      const s = await h.serverState();
      expect(s.all).toHaveLength(MAILS);
      expect([...s.done, ...s.failed].sort((a, b) => a - b)).toEqual(s.all);
      expect(await countOr0(h.db, 'SELECT count(*)::int AS n FROM messages')).toBe(MAILS);
      expect(await countOr0(h.db, 'SELECT count(*)::int AS n FROM mail_ledger')).toBe(MAILS);
      expect(await countOr0(h.db, 'SELECT count(DISTINCT message_id)::int AS n FROM mail_ledger')).toBe(MAILS);
      expect(
        await countOr0(h.db, `SELECT count(*)::int AS n FROM messages WHERE state NOT IN ('classified', 'failed')`),
      ).toBe(0);

      for (const args of [['reconcile', '--dry-run'], ['reconcile']]) {
        const rec = await h.run(args).done;
        expect(rec.code, rec.stderr.slice(-2000)).toBe(0);
        expect(rec.stdout).toContain(`on server: ${MAILS}, in ledger: ${MAILS}, in flight: 0`);
        expect(rec.stdout).toContain('never processed:             0\n');
        expect(rec.stdout).toContain('processed, not acknowledged: 0\n');
        expect(rec.stdout).toContain('acknowledged, missing in DB: 0\n');
        expect(rec.stdout).toContain('acknowledged, flag missing:  0\n');
        expect(rec.stdout).toContain(
          'total: 0 never processed, 0 not acknowledged, 0 acknowledged but missing in the database',
        );
      }
    },
  );
});
