import { openRuntime } from '../runtime.ts';
import { requeueUnfinished } from '../../queue/requeue-unfinished.ts';

/** Runs the stage workers until SIGINT/SIGTERM, then finishes in-flight jobs and exits 0. */
export async function runWorker(): Promise<number> {
  const rt = await openRuntime();
  rt.startWorkers();
  rt.startTraining();
  const requeued = await requeueUnfinished(rt.ctx);
  rt.logger.info({ event: 'process.started', requeued, prefix: rt.queuePrefix }, 'workers started');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      rt.logger.info({ event: 'process.stopping', signal }, 'shutting down: finishing active jobs');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await rt.close();
  rt.logger.info({ event: 'process.stopped' }, 'workers stopped');
  return 0;
}
