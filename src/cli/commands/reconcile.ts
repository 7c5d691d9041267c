import { formatReconcileReport, reconcileMailbox, type ReconcileReport } from '../../ingest/imap/reconcile.ts';
import { once } from 'node:events';
import { withTimeout } from '../../ingest/imap/backoff.ts';
import { describeError } from '../../core/errors.ts';
import { connectRedis } from '../../queue/redis.ts';
import { openRuntime } from '../runtime.ts';
import { selectMailboxes, type ListenOptions } from './listen.ts';

export interface ReconcileOptions extends ListenOptions {
  /** Report only. */
  dryRun: boolean;
}

/**
 * `ruecklauf reconcile`: per mailbox, what is on the server versus the ledger. Unless --dry-run, never-processed
 * mails are ingested (the stage workers pick them up) and finished ones acknowledged. Prints a summary on stdout;
 * exits 1 when a mailbox could not be checked or mails the database lost were found.
 */
export async function runReconcile(
  opts: ReconcileOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const rt = await openRuntime();
  const redis = connectRedis(rt.env.REDIS_URL, 'producer');
  let exit = 0;
  try {
    const configs = await selectMailboxes(rt, opts.pipeline);
    if (redis.status !== 'ready')
      await withTimeout(once(redis, 'ready'), 10_000, 'connecting to Redis').catch(() => undefined);
    const reports: ReconcileReport[] = [];
    for (const cfg of configs) {
      try {
        const report = await reconcileMailbox(
          cfg,
          {
            db: rt.db,
            enqueueNext: rt.enqueueNext,
            redis,
            lockPrefix: rt.env.QUEUE_PREFIX,
            logger: rt.logger,
            secrets: process.env,
          },
          { fix: !opts.dryRun },
        );
        reports.push(report);
        out.write(`${formatReconcileReport(report)}\n`);
        if (report.ackedMissingFromDb.length > 0) exit = 1;
      } catch (err) {
        out.write(
          `mailbox ${cfg.user}@${cfg.host}:${cfg.port}/${cfg.folder}: could not reconcile: ${describeError(err)}\n`,
        );
        exit = 1;
      }
    }
    const sum = (f: (r: ReconcileReport) => number) => reports.reduce((n, r) => n + f(r), 0);
    out.write(
      `total: ${sum((r) => r.neverProcessed.length)} never processed, ${sum((r) => r.processedNotAcked.length)} not acknowledged, ` +
        `${sum((r) => r.ackedMissingFromDb.length)} acknowledged but missing in the database` +
        (opts.dryRun ? ' (dry run: nothing changed)\n' : '\n'),
    );
    return exit;
  } finally {
    redis.disconnect();
    await rt.close();
  }
}
