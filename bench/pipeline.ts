/**
 * End-to-end pipeline throughput with 1, 2 and 4 worker processes against one Redis and one PostgreSQL, next to the
 * summed cost of the bare stages (parse + extract + OCR + classify, in-process, no queue, no database) in the same
 * run, so the pipeline's overhead is a ratio: of wall time, and of CPU time (workers, producer and this run's own
 * PostgreSQL backends, read from /proc, which holds on a machine shared with other work). Two corpora: the small
 * fixture replies, and a realistic mix (multi-page PDF letters, DOCX, 10 % scans). Before the timed runs a census
 * counts statements, PostgreSQL CPU and Redis commands per mail (bench/census.ts). Peak memory is each worker
 * process's VmHWM.
 *   npm run bench:pipeline [-- --mails 2000 --mix-mails 200 --workers 1,2,4 --corpus small,mix --census 70]
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
import { ocrScan } from '../src/extract/ocr/ocr-document.ts';
import { tagPassages } from '../src/classify/tag-passages.ts';
import { buildPassages } from '../src/extract/segment/passages.ts';
import { classifierModelFor } from '../src/training/model-source.ts';
import { openPostgres } from '../src/store/db-postgres.ts';
import type { Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { queuePrefixFor } from '../src/store/instance.ts';
import { connectRedis } from '../src/queue/redis.ts';
import { closeQueues, createQueues } from '../src/queue/queues.ts';
import { nextStageEnqueuer } from '../src/queue/requeue-unfinished.ts';
import { waitForMessages } from '../src/cli/wait-for-messages.ts';
import { loadTemplates, replyMail } from './reply-corpus.ts';
import { loadMixTemplates } from './mix-corpus.ts';
import { describeCensus, runCensus } from './census.ts';

const { values } = parseArgs({
  options: {
    mails: { type: 'string', default: '2000' },
    'mix-mails': { type: 'string', default: '200' },
    workers: { type: 'string', default: '1,2,4' },
    corpus: { type: 'string', default: 'small,mix' },
    census: { type: 'string', default: '70' },
  },
});
// --workers '' runs only the census.
const WORKERS = values.workers.split(',').filter(Boolean).map(Number);
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

/** A corpus: templates cycled under fresh Message-IDs, how many mails to time and how many to warm up with. */
interface Corpus {
  name: string;
  templates: Buffer[];
  mails: number;
  warmUp: number;
}

const pipeline = await loadPipeline('pipelines', PIPELINE);
// The bare stages classify with the same trained model the pipeline's workers use (trained from the pipeline's files).
const model = await classifierModelFor(null, pipeline);

/** One mail through the stages as plain function calls: the work the pipeline wraps. */
async function bareStages(raw: Buffer): Promise<number> {
  const mail = await parseMail(raw);
  let passages = 0;
  for (const doc of mail.documents) {
    let r = await extractDocument(doc, DEFAULT_EXTRACT_LIMITS);
    // A scan: the pipeline's OCR stage reads it (poppler + Tesseract in child processes, counted below).
    if (!r.ok && r.error.code === 'extract.needs_ocr') r = await ocrScan(doc.bytes, DEFAULT_EXTRACT_LIMITS);
    if (r.ok)
      passages += tagPassages(buildPassages(r.value), pipeline.taxonomy, pipeline.reviewThreshold, model).length;
  }
  return passages;
}

async function measureBare(corpus: Corpus): Promise<{ seconds: number; cpuSeconds: number; passages: number }> {
  for (let i = 0; i < corpus.warmUp; i++) await bareStages(replyMail(corpus.templates, -1 - i)); // see WARM_UP_MAILS
  const cpu = await cpuSeconds(process.pid);
  const start = performance.now();
  let passages = 0;
  for (let i = 0; i < corpus.mails; i++) passages += await bareStages(replyMail(corpus.templates, i));
  return {
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: (await cpuSeconds(process.pid)) - cpu,
    passages,
  };
}

function startWorker(schema: string, prefix: string, appName: string): ChildProcess {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the workers.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, 'bin/ruecklauf.mjs', 'worker'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      // node-postgres names its connections after PGAPPNAME: the bench finds this run's backends by it.
      PGAPPNAME: appName,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'error',
      WORKER_CONCURRENCY: CONCURRENCY,
      EXTRACT_THREADS: '1',
      REQUEUE_INTERVAL_SECONDS: '3600',
    },
  });
}

/**
 * CPU seconds (user + system) a process has used so far, its threads and its waited-for children (pdftoppm,
 * Tesseract) included; 0 once it is gone.
 */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime in clock ticks (USER_HZ = 100)
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) / 100;
}

/**
 * A process and every live process below it: a worker's extraction processes are long-lived children, whose CPU
 * reaches the worker's cutime only when they exit, so they are read on their own.
 */
async function withDescendants(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const children = await Promise.all(
    tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')),
  );
  const direct = children.join(' ').split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...(await Promise.all(direct.map(withDescendants))).flat()];
}

async function pidsOf(command: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  const comms = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')));
  return pids.filter((_, i) => comms[i]?.trim() === command);
}

/**
 * Where the CPU goes during the timed window, per process id (a process started meanwhile counts from zero): the
 * workers with their extraction processes, this process (the producer), this run's PostgreSQL backends (by application name), the server's
 * background processes (WAL writer, checkpointer …, shared with anyone else using the server) and Redis (shared).
 */
async function cpuSnapshot(
  db: Db,
  appName: string,
  workers: readonly ChildProcess[],
): Promise<Record<string, Map<number, number>>> {
  const backends = await db.query<{ pid: number; ours: boolean }>(
    `SELECT pid, application_name = $1 AS ours FROM pg_stat_activity
     WHERE application_name = $1 OR backend_type <> 'client backend'`,
    [appName],
  );
  const of = async (pids: readonly number[]) =>
    new Map(await Promise.all(pids.map(async (pid) => [pid, await cpuSeconds(pid)] as const)));
  return {
    workers: await of((await Promise.all(workers.map((c) => withDescendants(c.pid ?? 0)))).flat()),
    // Shown apart, already counted in workers: their extraction processes (and OCR tools running at that moment).
    'of which worker children': await of(
      (await Promise.all(workers.map(async (c) => (await withDescendants(c.pid ?? 0)).slice(1)))).flat(),
    ),
    producer: await of([process.pid]),
    postgres: await of(backends.filter((b) => b.ours).map((b) => b.pid)),
    'postgres background (shared)': await of(backends.filter((b) => !b.ours).map((b) => b.pid)),
    'redis (shared)': await of(await pidsOf('redis-server')),
  };
}

function cpuUsed(before: Record<string, Map<number, number>>, after: Record<string, Map<number, number>>) {
  const used: Record<string, number> = {};
  for (const [k, pids] of Object.entries(after))
    used[k] = [...pids].reduce((sum, [pid, cpu]) => sum + cpu - (before[k]?.get(pid) ?? 0), 0);
  return used;
}

async function peakRssMb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

interface PipelineRun {
  seconds: number;
  passages: number;
  peakMb: number[];
  /** CPU seconds per process group in the timed window (see cpuSnapshot). */
  cpu: Record<string, number>;
}

async function measurePipeline(corpus: Corpus, workers: number): Promise<PipelineRun> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  const appName = `ruecklauf-${prefix}`;
  process.env.PGAPPNAME = appName; // this process's connections (the producer's) count as the run's too
  const db = await openPostgres(DATABASE_URL, schema);
  await migrate(db);
  const redis = connectRedis(REDIS_URL, 'producer');
  const queues = createQueues(redis, await queuePrefixFor(db, prefix));
  const enqueueNext = nextStageEnqueuer({ db, queues });
  const children = Array.from({ length: workers }, () => startWorker(schema, prefix, appName));
  try {
    // Warm-up, not timed: processes boot, threads load their libraries, each process gets about corpus.warmUp mails.
    const warm = [];
    for (let i = 0; i < corpus.warmUp * workers; i++)
      warm.push(
        (
          await receiveMail(db, enqueueNext, replyMail(corpus.templates, -1 - i), {
            pipelineId: PIPELINE,
            source: 'warm-up',
          })
        ).messageId,
      );
    await waitForMessages(db, warm, { timeoutMs: 1_800_000, progress: false });
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages'))[0]?.n ?? 0;
    const cpuBefore = await cpuSnapshot(db, appName, children);
    const start = performance.now();
    const startedAt = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < corpus.mails; i++)
      ids.push(
        (await receiveMail(db, enqueueNext, replyMail(corpus.templates, i), { pipelineId: PIPELINE, source: 'bench' }))
          .messageId,
      );
    const counts = await waitForMessages(db, ids, { timeoutMs: 3_600_000, progress: process.stderr.isTTY });
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuUsed(cpuBefore, await cpuSnapshot(db, appName, children));
    if ((counts.classified ?? 0) + (counts.failed ?? 0) !== corpus.mails)
      throw new Error(`not every mail ended: ${JSON.stringify(counts)}`);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages');
    const peakMb = await Promise.all(children.map((c) => peakRssMb(c.pid)));
    await printStageTimes(queues, startedAt);
    console.log(
      `    CPU seconds in the timed window: ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${fmt(v, 2)}`)
        .join(', ')}`,
    );
    return { seconds, passages: (row?.n ?? 0) - before, peakMb, cpu };
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
const ms = (seconds: number, mails: number) => `${fmt((seconds / mails) * 1000, 2)} ms`;

async function benchCorpus(corpus: Corpus, describe: string): Promise<void> {
  console.log(
    `\n== ${corpus.name}: ${corpus.mails} mails, ${CONCURRENCY} jobs per stage per worker process (${describe})`,
  );
  const censusMails = Number(values.census);
  if (censusMails > 0) {
    const census = await runCensus({
      databaseUrl: DATABASE_URL,
      redisUrl: REDIS_URL,
      pipelineId: PIPELINE,
      mails: Array.from({ length: censusMails }, (_, i) => replyMail(corpus.templates, 1_000_000 + i)),
      concurrency: Number(CONCURRENCY),
    });
    console.log(`census (stages in this process, ${censusMails} mails, counted not timed):`);
    for (const line of describeCensus(census)) console.log(line);
  }
  if (WORKERS.length === 0) return;
  const bare = await measureBare(corpus);
  console.log(
    `bare stages, one process, no queue/db: ${fmt(bare.seconds, 2)} s (${fmt(bare.cpuSeconds, 2)} CPU s, ${ms(bare.cpuSeconds, corpus.mails)} per mail)  ${fmt(corpus.mails / bare.seconds)} mails/s  ${fmt(bare.passages / bare.seconds)} passages/s`,
  );
  for (const w of WORKERS) {
    const r = await measurePipeline(corpus, w);
    const overhead = (r.seconds / bare.seconds - 1) * 100;
    console.log(
      `pipeline, ${w} worker process(es): ${fmt(r.seconds, 2)} s  ${fmt(corpus.mails / r.seconds)} mails/s  ${fmt(r.passages / r.seconds)} passages/s` +
        `  ${w === 1 ? `overhead vs bare ${fmt(overhead, 0)}%` : `speed-up vs bare ×${fmt(bare.seconds / r.seconds, 2)}`}  peak RSS ${r.peakMb.join('/')} MB`,
    );
    // The CPU the pipeline spends beyond the bare stages: its workers, the producer (receive stage) and its own
    // PostgreSQL backends. The shared processes (Redis, PostgreSQL's background writers) are shown, not counted.
    const pipelineCpu = (r.cpu.workers ?? 0) + (r.cpu.producer ?? 0) + (r.cpu.postgres ?? 0);
    console.log(
      `    CPU per mail: bare ${ms(bare.cpuSeconds, corpus.mails)}; pipeline ${ms(pipelineCpu, corpus.mails)} (workers ${ms(r.cpu.workers ?? 0, corpus.mails)}, producer ${ms(r.cpu.producer ?? 0, corpus.mails)}, PostgreSQL ${ms(r.cpu.postgres ?? 0, corpus.mails)})  CPU overhead vs bare ${fmt((pipelineCpu / bare.cpuSeconds - 1) * 100, 0)}%`,
    );
  }
}

const corpora = values.corpus.split(',');
if (corpora.includes('small'))
  await benchCorpus(
    { name: 'small mails', templates: await loadTemplates(), mails: Number(values.mails), warmUp: WARM_UP_MAILS },
    '7 templates: body-only, PDF, DOCX, forwarded bundle, HTML, quoted circular, Latin-1',
  );
if (corpora.includes('mix'))
  await benchCorpus(
    {
      name: 'realistic mix',
      templates: await loadMixTemplates(),
      mails: Number(values['mix-mails']),
      warmUp: Math.min(WARM_UP_MAILS, 20),
    },
    'of 10: 3 multi-page PDF letters (4/8/4 pages), 2 DOCX, 1 scan (OCR), forwarded bundle, body-only, HTML, quoted circular',
  );
