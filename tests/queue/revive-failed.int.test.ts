import { readFile } from 'node:fs/promises';
import { UnrecoverableError, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { requeueUnfinished } from '../../src/queue/requeue-unfinished.ts';
import { connectRedis } from '../../src/queue/redis.ts';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { REDIS_URL } from '../helpers/services.ts';
import { PIPELINE_ID, usePipelineRun } from '../helpers/pipeline-harness.ts';

describe('a job BullMQ failed on its own (e.g. stalled twice)', () => {
  const run = usePipelineRun('postgres', { workers: false });

  it('is retried by the recovery sweep, so its message still ends', async () => {
    const { messageId } = await receiveMail(
      run.t.db,
      run.h.enqueueNext,
      await readFile('fixtures/mail/01-body-only.eml'),
      {
        pipelineId: PIPELINE_ID,
        source: 't',
      },
    );
    // A worker outside our processor fails the job for good, as BullMQ's stalled-job check does: no reason is
    // recorded on the message, which stays 'received' while a failed job holds its deterministic id.
    const connection = connectRedis(REDIS_URL, 'worker');
    const failed = new Promise<void>((resolve) => {
      const rogue = new Worker(
        'parse',
        () => Promise.reject(new UnrecoverableError('job stalled more than allowable limit')),
        { connection, prefix: run.h.prefix },
      );
      rogue.on('failed', () => void rogue.close().then(resolve));
    });
    await failed;
    connection.disconnect();
    expect(await run.h.queues.parse.getJobCounts('failed')).toMatchObject({ failed: 1 });

    run.h.startWorkers();
    expect(await requeueUnfinished(run.h.ctx)).toBe(1);
    const counts = await waitForMessages(run.t.db, [messageId], { timeoutMs: 60_000, progress: false });
    expect(counts.classified).toBe(1);
  });
});
