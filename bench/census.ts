/**
 * Where a mail's PostgreSQL and Redis work goes, counted rather than timed (bench:pipeline prints it before the
 * timed runs). The stage workers run in this process on ONE PostgreSQL connection: every statement is counted and
 * the server CPU it used is read from its backend's /proc/<pid>/schedstat (nanoseconds), so the figures hold on a
 * machine that others share. Redis commands on the run's key prefix are counted through MONITOR (commands that
 * BullMQ's Lua scripts issue are counted apart); MONITOR slows Redis, so this is never the timed run.
 */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadPipeline, type Pipeline } from '../src/config/pipeline.ts';
import { createLogger } from '../src/core/logger.ts';
import { receiveMail } from '../src/ingest/receive-mail.ts';
import { nextStageEnqueuer } from '../src/queue/requeue-unfinished.ts';
import { DEFAULT_EXTRACT_LIMITS } from '../src/extract/limits.ts';
import type { Db, Queryable, SqlParam } from '../src/store/db.ts';
import { openPostgres } from '../src/store/db-postgres.ts';
import { migrate } from '../src/store/migrate.ts';
import { queuePrefixFor } from '../src/store/instance.ts';
import { connectRedis } from '../src/queue/redis.ts';
import { closeQueues, createQueues } from '../src/queue/queues.ts';
import { startWorkers } from '../src/queue/start-workers.ts';
import type { WorkerContext } from '../src/queue/worker-context.ts';
import { createIsolatedExtractor } from '../src/sandbox/isolated-extractor.ts';
import { classifierModelFor } from '../src/training/model-source.ts';
import { waitForMessages } from '../src/cli/wait-for-messages.ts';

export interface StatementFigures {
  count: number;
  cpuNs: number;
}

export interface Census {
  mails: number;
  /** Per kind of statement (see statementKind). */
  statements: Map<string, StatementFigures>;
  redisCommands: number;
  /** Of which issued inside Lua scripts (BullMQ's job moves). */
  redisScriptCommands: number;
}

/** Readable names for the stage workers' statements; anything else is named by its first words. */
const KINDS: [RegExp, string][] = [
  [/INSERT INTO messages/, 'receive: message + raw mail'],
  [/CASE WHEN m\.state = 'received'/, 'parse: read input'],
  [/UPDATE documents SET state = 'extracted'/, 'extract: text + blocks (+ fan-in)'],
  [/UPDATE documents SET state = \$2/, 'extract: failure (+ fan-in)'],
  [/CASE WHEN d\.state = 'pending'/, 'extract: read input'],
  [/AS r\(id text, attempt int, state text/, 'extract: all documents + fan-in'],
  [/WITH beat AS/, 'extract: claim (per document)'],
  [/SET state = 'extracted'.*NOT EXISTS \(SELECT 1 FROM documents WHERE/s, 'extract: fan-in alone'],
  [/state = 'parsed'/, 'parse: headers + blobs + documents'],
  [/state = 'classified'/, 'classify: passages + tags'],
  [/LEFT JOIN documents d ON d\.message_id = m\.id AND d\.state = 'extracted'/, 'classify: read input'],
  [/SET state = 'failed'/, 'fail message'],
];

function statementKind(sql: string): string {
  for (const [pattern, name] of KINDS) if (pattern.test(sql)) return name;
  return sql.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** Server CPU of a backend so far, in nanoseconds (first field of schedstat: time spent on a CPU). */
async function backendCpuNs(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/schedstat`, 'utf8');
  return Number(text.split(' ')[0]);
}

/** The store, with each statement run alone on the one connection and its count and server CPU recorded. */
function countingDb(db: Db, figures: Map<string, StatementFigures>, active: () => boolean): Db {
  let queue: Promise<unknown> = Promise.resolve();
  const measured = <R extends object>(sql: string, params?: readonly SqlParam[]): Promise<R[]> => {
    const run = queue.then(async () => {
      if (!active()) return db.query<R>(sql, params);
      const [{ pid } = { pid: 0 }] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const before = await backendCpuNs(pid);
      const rows = await db.query<R>(sql, params);
      const used = (await backendCpuNs(pid)) - before;
      const kind = statementKind(sql);
      const f = figures.get(kind) ?? { count: 0, cpuNs: 0 };
      figures.set(kind, { count: f.count + 1, cpuNs: f.cpuNs + used });
      return rows;
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const q: Queryable = { query: measured };
  return { ...db, engine: db.engine, query: measured, transaction: (fn) => fn(q), exec: (sql) => db.exec(sql) };
}

export async function runCensus(opts: {
  databaseUrl: string;
  redisUrl: string;
  pipelineId: string;
  mails: readonly Buffer[];
  concurrency: number;
}): Promise<Census> {
  const schema = `bench_census_${randomBytes(4).toString('hex')}`;
  const db = await openPostgres(opts.databaseUrl, schema, { maxConnections: 1 });
  const waiter = await openPostgres(opts.databaseUrl, schema);
  await migrate(db);
  const figures = new Map<string, StatementFigures>();
  let active = false;
  const counted = countingDb(db, figures, () => active);
  const queuePrefix = await queuePrefixFor(db, `census${randomBytes(3).toString('hex')}`);
  const producer = connectRedis(opts.redisUrl, 'producer');
  const workerConnection = connectRedis(opts.redisUrl, 'worker');
  const queues = createQueues(producer, queuePrefix);
  const extractor = createIsolatedExtractor({ threads: 1, timeoutMs: 120_000, maxHeapMb: 768 });
  const pipelines = new Map<string, Promise<Pipeline>>();
  const ctx: WorkerContext = {
    db: counted,
    queues,
    logger: createLogger('error'),
    extractLimits: DEFAULT_EXTRACT_LIMITS,
    extractor,
    chainStages: true,
    loadPipeline(id) {
      let p = pipelines.get(id);
      if (!p) pipelines.set(id, (p = loadPipeline('pipelines', id)));
      return p;
    },
  };
  await classifierModelFor(db, await ctx.loadPipeline(opts.pipelineId));
  const monitor = new Redis(opts.redisUrl);
  const watching = await monitor.monitor();
  let redisCommands = 0;
  let redisScriptCommands = 0;
  watching.on('monitor', (_time: string, args: string[], source: string) => {
    if (!active || !args.some((a) => a.includes(queuePrefix))) return;
    redisCommands++;
    if (source === 'lua') redisScriptCommands++;
  });
  const workers = startWorkers(ctx, workerConnection, queuePrefix, opts.concurrency);
  try {
    active = true;
    const ids: string[] = [];
    for (const raw of opts.mails)
      ids.push(
        (
          await receiveMail(counted, nextStageEnqueuer({ db: counted, queues }), raw, {
            pipelineId: opts.pipelineId,
            source: 'census',
          })
        ).messageId,
      );
    await waitForMessages(waiter, ids, { timeoutMs: 1_800_000, progress: false });
    active = false;
    // MONITOR output trails the commands a little: let it catch up before reading the count.
    await new Promise((r) => setTimeout(r, 500));
    return { mails: opts.mails.length, statements: figures, redisCommands, redisScriptCommands };
  } finally {
    active = false;
    await workers.close();
    await closeQueues(queues);
    await extractor.close();
    watching.disconnect();
    monitor.disconnect();
    producer.disconnect();
    workerConnection.disconnect();
    await db.close();
    await waiter.close();
    const client = new pg.Client({ connectionString: opts.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

/** The census as lines: statements and server CPU per mail, by kind, then Redis commands per mail. */
export function describeCensus(c: Census): string[] {
  const rows = [...c.statements].sort((a, b) => b[1].cpuNs - a[1].cpuNs);
  const total = rows.reduce((s, [, f]) => ({ count: s.count + f.count, cpuNs: s.cpuNs + f.cpuNs }), {
    count: 0,
    cpuNs: 0,
  });
  const perMail = (f: StatementFigures) =>
    `${(f.count / c.mails).toFixed(2).padStart(6)} statements  ${(f.cpuNs / c.mails / 1e6).toFixed(3).padStart(7)} ms CPU`;
  return [
    `  PostgreSQL per mail: ${perMail(total)}  (${c.mails} mails, one connection, backend CPU from schedstat)`,
    ...rows.map(([kind, f]) => `    ${perMail(f)}  ${kind}`),
    `  Redis per mail: ${(c.redisCommands / c.mails).toFixed(1)} commands on the run's keys (${(c.redisScriptCommands / c.mails).toFixed(1)} of them inside BullMQ's Lua scripts)`,
  ];
}
