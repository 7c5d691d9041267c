import { mailboxKey } from '../../config/mailbox.ts';
import { requeueUnfinished } from '../../queue/requeue-unfinished.ts';
import { openRuntime } from '../runtime.ts';
import { selectMailboxes, startListeners, untilSignal, type ListenOptions } from './listen.ts';
import { startWebFor } from './serve.ts';

/**
 * `ruecklauf start`: listeners and stage workers in one process. On SIGTERM the listeners stop fetching first (no
 * new work), then the workers finish their active jobs; everything resumes from the ledger and the database.
 */
export async function runStart(opts: ListenOptions): Promise<number> {
  const rt = await openRuntime();
  try {
    const configs = await selectMailboxes(rt, opts.pipeline, false);
    if (configs.length === 0)
      rt.logger.warn(
        { event: 'process.no_mailbox', pipelinesDir: rt.env.PIPELINES_DIR },
        'no pipeline has a mailbox: section: no mail is fetched (docs/imap.md); workers and workspace run',
      );
    rt.startWorkers();
    const requeued = await requeueUnfinished(rt.ctx);
    const running = await startListeners(rt, configs);
    const web = await startWebFor(rt); // the review workspace, on WEB_PORT
    rt.logger.info(
      { event: 'process.started', mailboxes: configs.map(mailboxKey), requeued, prefix: rt.queuePrefix },
      'started',
    );
    await untilSignal(rt, 'listeners and workers');
    await web.close();
    await running.stop();
    rt.logger.info({ event: 'listeners.stopped' }, 'listeners stopped; finishing active jobs');
    return 0;
  } finally {
    await rt.close();
  }
}
