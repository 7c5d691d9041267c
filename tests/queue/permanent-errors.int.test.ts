import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Job, Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { enqueue } from '../../src/queue/queues.ts';
import { jobIdFor } from '../../src/queue/jobs.ts';
import { getMessage } from '../../src/store/messages.ts';
import { openTestDb, type TestDb } from '../helpers/services.ts';
import { createHarness, PIPELINE_ID, type Harness } from '../helpers/pipeline-harness.ts';

/**
 * Waits until the job has failed for good (a retry would leave it delayed, then active again), then reads it again:
 * the job read before its state was asked can predate the failure (attemptsMade still 0, as a clean-clone CI run saw).
 */
async function failedJob(queue: Queue, id: string): Promise<Job> {
  for (;;) {
    const job = await queue.getJob(id);
    if (job && (await job.getState()) === 'failed') {
      const failed = await queue.getJob(id);
      if (failed) return failed;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a job meeting an error no retry can cure (real Redis and BullMQ, PostgreSQL server)', () => {
  let t: TestDb;
  let h: Harness | null = null;
  let scratch: string | null = null;
  beforeEach(async () => {
    t = await openTestDb('postgres');
  });
  afterEach(async () => {
    await h?.close();
    h = null;
    await t.drop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = null;
  });

  it('fails after one attempt when its message row is missing, with the integrity code as reason', async () => {
    h = createHarness(t.db);
    h.startWorkers();
    const payload = { messageId: `msg_${'0'.repeat(32)}`, generation: 1 };
    await enqueue(h.queues, 'parse', payload);
    const job = await failedJob(h.queues.parse, jobIdFor('parse', payload));
    expect(job.attemptsMade).toBe(1);
    expect(job.opts.attempts).toBe(5); // would have been retried four more times as a network fault
    expect(job.failedReason).toMatch(/^integrity\.row_missing: message msg_0{32} not found/);
  });

  it('records a configuration error on the message, then fails after one attempt', async () => {
    // A real pipeline folder whose pipeline.yaml is broken: loading it throws the ConfigError a bad deploy would.
    scratch = await mkdtemp(path.join(os.tmpdir(), 'rl-pipelines-'));
    await mkdir(path.join(scratch, PIPELINE_ID));
    await writeFile(path.join(scratch, PIPELINE_ID, 'pipeline.yaml'), 'id: [not, a, name\n');
    h = createHarness(t.db, undefined, { pipelinesDir: scratch });
    h.startWorkers();
    const { messageId, message } = await receiveMail(
      t.db,
      h.enqueueNext,
      await readFile('fixtures/mail/01-body-only.eml'),
      { pipelineId: PIPELINE_ID, source: 'test' },
    );
    const job = await failedJob(h.queues.parse, jobIdFor('parse', { messageId, generation: message.generation }));
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^config\.invalid: .*pipeline\.yaml is not valid YAML/);
    const stored = await getMessage(t.db, messageId);
    expect(stored).toMatchObject({ state: 'failed', error_code: 'config.invalid' });
    expect(stored.error_detail).toMatch(/^parse stopped without retrying: .*pipeline\.yaml/);
  });
});
