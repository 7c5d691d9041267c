/**
 * End-to-end pipeline throughput with 1, 2 and 4 worker processes against one Redis and one PostgreSQL, next to the
 * summed cost of the bare stages (parse + extract + classify, in-process, no queue, no database) in the same run, so
 * the pipeline's overhead is a ratio. Peak memory is each worker process's VmHWM.
 *   npm run bench:pipeline [-- --mails 2000 --workers 1,2,4]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadPipeline } from '../src/config/pipeline.ts';
import { parseMail } from '../src/parse/parse-mail.ts';
import { receiveMail } from '../src/ingest/receive-mail.ts';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from '../src/extract/extract-document.ts';
import { tagPassages } from '../src/classify/tag-passages.ts';
import { buildPassages } from '../src/extract/segment/passages.ts';
import { classifierModelFor } from '../src/training/model-source.ts';
import { openPostgres } from '../src/store/db-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { queuePrefixFor } from '../src/store/instance.ts';
import { connectRedis } from '../src/queue/redis.ts';
import { closeQueues, createQueues } from '../src/queue/queues.ts';
import { nextStageEnqueuer } from '../src/queue/requeue-unfinished.ts';
import { waitForMessages } from '../src/cli/wait-for-messages.ts';
import { loadTemplates, replyMail } from './reply-corpus.ts';

const { values } = parseArgs({
  options: { mails: { type: 'string', default: '2000' }, workers: { type: 'string', default: '1,2,4' } },
});
const MAILS = Number(values.mails);
const WORKERS = values.workers.split(',').map(Number);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PIPELINE = 'rueckfuehrung-2024';
/**
 * Jobs per stage per worker process, as the default WORKER_CONCURRENCY: a chained parse job waits on the extractor
 * threads, PostgreSQL and Redis, so several keep the cores busy.
 */
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '8';
/**
 * Untimed mails per process (the bare loop, and each worker process) before timing starts. V8 keeps optimising hot
 * code for thousands of calls; with one pass per template, each extra worker process compiled its code again inside
 * the timed window (measured on 1,000 mails: worker CPU 9.8 s with one process, 13.3 s with two; after 400 warm-up
 * mails 8.4 s and 10.3 s), which the daemon pays once per start, not per mail. Every process gets the same count.
 */
const WARM_UP_MAILS = Number(process.env.BENCH_WARM_UP_MAILS ?? '200');

const templates = await loadTemplates();
const pipeline = await loadPipeline('pipelines', PIPELINE);
// The bare stages classify with the same trained model the pipeline's workers use (trained from the pipeline's files).
const model = await classifierModelFor(null, pipeline);

/** One mail through the stages as plain function calls: the work the pipeline wraps. */
async function bareStages(raw: Buffer): Promise<number> {
  const mail = await parseMail(raw);
  let passages = 0;
  for (const doc of mail.documents) {
    const r = await extractDocument(doc, DEFAULT_EXTRACT_LIMITS);
    if (r.ok)
      passages += tagPassages(buildPassages(r.value), pipeline.taxonomy, pipeline.reviewThreshold, model).length;
  }
  return passages;
}

async function measureBare(): Promise<{ seconds: number; cpuSeconds: number; passages: number }> {
  for (let i = 0; i < WARM_UP_MAILS; i++) await bareStages(replyMail(templates, -1 - i)); // warm-up (see WARM_UP_MAILS)
  const cpu = process.cpuUsage();
  const start = performance.now();
  let passages = 0;
  for (let i = 0; i < MAILS; i++) passages += await bareStages(replyMail(templates, i));
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6, passages };
}

function startWorker(schema: string, prefix: string): ChildProcess {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the workers.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, 'bin/ruecklauf.mjs', 'worker'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'error',
      WORKER_CONCURRENCY: CONCURRENCY,
      EXTRACT_THREADS: '1',
      REQUEUE_INTERVAL_SECONDS: '3600',
    },
  });
}

/** CPU seconds (user + system) a process has used so far, its threads included; 0 once it is gone. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function pidsOf(command: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  const comms = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')));
  return pids.filter((_, i) => comms[i]?.trim() === command);
}

/** Where the CPU goes during the timed window: the workers, this process (the producer), PostgreSQL and Redis. */
async function cpuSnapshot(workers: readonly ChildProcess[]): Promise<Record<string, number>> {
  const sum = async (pids: readonly number[]) => (await Promise.all(pids.map(cpuSeconds))).reduce((a, b) => a + b, 0);
  return {
    workers: await sum(workers.map((c) => c.pid ?? 0)),
    producer: await sum([process.pid]),
    postgres: await sum(await pidsOf('postgres')),
    redis: await sum(await pidsOf('redis-server')),
  };
}

async function peakRssMb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function measurePipeline(workers: number): Promise<{ seconds: number; passages: number; peakMb: number[] }> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const db = await openPostgres(DATABASE_URL, schema);
  await migrate(db);
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const redis = connectRedis(REDIS_URL, 'producer');
  const queues = createQueues(redis, await queuePrefixFor(db, prefix));
  const enqueueNext = nextStageEnqueuer({ db, queues });
  const children = Array.from({ length: workers }, () => startWorker(schema, prefix));
  try {
    // Warm-up, not timed: processes boot, threads load pdf.js, each process gets about WARM_UP_MAILS mails.
    const warm = [];
    for (let i = 0; i < WARM_UP_MAILS * workers; i++)
      warm.push(
        (await receiveMail(db, enqueueNext, replyMail(templates, -1 - i), { pipelineId: PIPELINE, source: 'warm-up' }))
          .messageId,
      );
    await waitForMessages(db, warm, { timeoutMs: 600_000, progress: false });
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages'))[0]?.n ?? 0;
    const cpuBefore = await cpuSnapshot(children);
    const start = performance.now();
    const startedAt = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < MAILS; i++)
      ids.push(
        (await receiveMail(db, enqueueNext, replyMail(templates, i), { pipelineId: PIPELINE, source: 'bench' }))
          .messageId,
      );
    const counts = await waitForMessages(db, ids, { timeoutMs: 3_600_000, progress: process.stderr.isTTY });
    const seconds = (performance.now() - start) / 1000;
    const cpuAfter = await cpuSnapshot(children);
    if ((counts.classified ?? 0) + (counts.failed ?? 0) !== MAILS)
      throw new Error(`not every mail ended: ${JSON.stringify(counts)}`);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages');
    const peakMb = await Promise.all(children.map((c) => peakRssMb(c.pid)));
    await printStageTimes(queues, startedAt);
    console.log(
      `    CPU seconds in the timed window: ${Object.entries(cpuAfter)
        .map(([k, v]) => `${k} ${fmt(v - (cpuBefore[k] ?? 0), 2)}`)
        .join(', ')}`,
    );
    return { seconds, passages: (row?.n ?? 0) - before, peakMb };
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) => {
            c.once('exit', resolve);
            c.kill('SIGTERM');
          }),
      ),
    );
    await closeQueues(queues);
    redis.disconnect();
    await db.close();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

/** Where the time goes: mean processing and queue-wait time per timed job of each stage, from BullMQ's own stamps. */
async function printStageTimes(queues: ReturnType<typeof createQueues>, since: number): Promise<void> {
  const parts: string[] = [];
  for (const [name, q] of Object.entries(queues)) {
    const jobs = (await q.getCompleted(0, 100_000)).filter((j) => j.timestamp >= since);
    if (jobs.length === 0) continue;
    const mean = (f: (j: (typeof jobs)[number]) => number) => jobs.reduce((n, j) => n + f(j), 0) / jobs.length;
    parts.push(
      `${name} ${jobs.length} jobs, ${mean((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0)).toFixed(1)} ms work + ${mean((j) => (j.processedOn ?? 0) - j.timestamp).toFixed(0)} ms wait`,
    );
  }
  console.log(`    per stage: ${parts.join('; ')}`);
}

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `${MAILS} reply mails, ${CONCURRENCY} jobs per stage per worker process (${templates.length} templates: body-only, PDF, DOCX, forwarded bundle, HTML, quoted circular, Latin-1)`,
);
const bare = await measureBare();
console.log(
  `bare stages, one process, no queue/db: ${fmt(bare.seconds, 2)} s (${fmt(bare.cpuSeconds, 2)} CPU s)  ${fmt(MAILS / bare.seconds)} mails/s  ${fmt(bare.passages / bare.seconds)} passages/s`,
);
for (const w of WORKERS) {
  const r = await measurePipeline(w);
  const overhead = (r.seconds / bare.seconds - 1) * 100;
  console.log(
    `pipeline, ${w} worker process(es): ${fmt(r.seconds, 2)} s  ${fmt(MAILS / r.seconds)} mails/s  ${fmt(r.passages / r.seconds)} passages/s` +
      `  ${w === 1 ? `overhead vs bare ${fmt(overhead, 0)}%` : `speed-up vs bare ×${fmt(bare.seconds / r.seconds, 2)}`}  peak RSS ${r.peakMb.join('/')} MB`,
  );
}
