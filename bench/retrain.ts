/**
 * Ingestion while a model retrains: one `ruecklauf worker` process (stage workers + the `train` job worker) on a
 * fresh schema ingests a batch of reply mails alone, then the same number again while a retraining of the full
 * corpus runs in its training thread; prints both throughputs, the slowdown and the time from the request to the
 * promotion (training, held-out comparison, item changes, reclassification enqueued).
 *   npm run bench:retrain [-- --mails 300]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { waitForMessages } from '../src/cli/wait-for-messages.ts';
import { receiveMail } from '../src/ingest/receive-mail.ts';
import { nextStageEnqueuer } from '../src/queue/requeue-unfinished.ts';
import { closeQueues, createQueues } from '../src/queue/queues.ts';
import { connectRedis } from '../src/queue/redis.ts';
import { createTrainQueue, requestRetraining } from '../src/queue/train-queue.ts';
import { openPostgres } from '../src/store/db-postgres.ts';
import { queuePrefixFor } from '../src/store/instance.ts';
import { migrate } from '../src/store/migrate.ts';
import { listTrainingRuns } from '../src/store/training-runs.ts';
import { loadTemplates, replyMail } from './reply-corpus.ts';

const Args = z.object({ mails: z.coerce.number().int().min(10, '--mails: at least 10').default(300) });
const { values } = parseArgs({ options: { mails: { type: 'string' } } });
const { mails: MAILS } = Args.parse(values);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PIPELINE = 'rueckfuehrung-2024';

const schema = `bench_retrain_${randomBytes(4).toString('hex')}`;
const db = await openPostgres(DATABASE_URL, schema);
await migrate(db);
const prefixBase = `bench-retrain-${randomBytes(3).toString('hex')}`;
const prefix = await queuePrefixFor(db, prefixBase);
const producer = connectRedis(REDIS_URL, 'producer');
const queues = createQueues(producer, prefix);
const trainQueue = createTrainQueue(producer, prefix);
const templates = await loadTemplates();
const worker = spawn(process.execPath, ['bin/ruecklauf.mjs', 'worker'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    QUEUE_PREFIX: prefixBase,
    LOG_LEVEL: 'error',
    REQUEUE_INTERVAL_SECONDS: '3600',
  },
});

async function batch(from: number): Promise<number> {
  const start = performance.now();
  const ids: string[] = [];
  for (let i = from; i < from + MAILS; i++)
    ids.push(
      (
        await receiveMail(db, nextStageEnqueuer({ db, queues }), replyMail(templates, i), {
          pipelineId: PIPELINE,
          source: 'bench',
        })
      ).messageId,
    );
  await waitForMessages(db, ids, { timeoutMs: 3_600_000, progress: false });
  return MAILS / ((performance.now() - start) / 1000);
}

try {
  await batch(-MAILS - 1_000_000); // warm-up: model loaded, code optimised
  const alone = await batch(0);
  const requested = performance.now();
  const runId = await requestRetraining(trainQueue, { pipelineId: PIPELINE, reason: 'admin', requestedBy: 'bench' });
  const during = await batch(MAILS);
  let run = (await listTrainingRuns(db, PIPELINE)).find((r) => r.id === runId);
  const stillTraining = !run?.finishedAt;
  while (!run?.finishedAt) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = (await listTrainingRuns(db, PIPELINE)).find((r) => r.id === runId);
  }
  const toPromotion = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
  console.log(`retraining while ingesting (${MAILS} mails per batch, one worker process, ${schema})`);
  console.log(`  ingestion alone            ${alone.toFixed(1)} mails/s`);
  console.log(
    `  ingestion during training  ${during.toFixed(1)} mails/s (${((1 - during / alone) * 100).toFixed(0)} % slower)` +
      (stillTraining ? '' : ' — training ended before the batch did'),
  );
  console.log(
    `  request → run finished     ${((performance.now() - requested) / 1000).toFixed(1)} s measured here, ${toPromotion.toFixed(1)} s in the run; promoted: ${run.promoted}, ${run.reclassified ?? 0} replies reclassified${run.error ? `, error: ${run.error}` : ''}`,
  );
} finally {
  worker.kill('SIGTERM');
  await closeQueues(queues);
  await trainQueue.close();
  producer.disconnect();
  await db.close();
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
