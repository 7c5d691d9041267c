import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres } from '../../../src/store/db-postgres.ts';
import type { Db } from '../../../src/store/db.ts';
import { freePort, type Dovecot } from '../../helpers/dovecot.ts';
import { POSTGRES_URL, REDIS_URL, uniqueName } from '../../helpers/services.ts';
import { allUids, uidsWithKeyword } from './setup.ts';

export const CLI_PIPELINE = 'rueckfuehrung-2024';
const PASSWORD_VAR = 'RL_CLI_IMAP_PASSWORD';

export interface CliRun {
  child: ChildProcess;
  /** Throws with the end of stderr when the process has already exited (a daemon that should still run). */
  assertRunning(): void;
  /** stderr so far (JSON log lines). */
  stderr(): string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * `ruecklauf` as an operator runs it: separate processes against the test Dovecot, PostgreSQL (own schema) and Redis
 * (own prefix), with a pipelines directory whose pipeline.yaml has a mailbox: section.
 */
export interface CliHarness {
  env: NodeJS.ProcessEnv;
  db: Db;
  folder: string;
  queuePrefix: string;
  run(args: string[]): CliRun;
  /** UIDs in the folder, and those carrying the done / failed flag. */
  serverState(): Promise<{ all: number[]; done: number[]; failed: number[] }>;
  close(): Promise<void>;
}

export async function openCliHarness(
  d: Dovecot,
  opts: { folder: string; port?: number; extraYaml?: string },
): Promise<CliHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rl-cli-'));
  await cp(path.join('pipelines', CLI_PIPELINE), path.join(dir, CLI_PIPELINE), { recursive: true });
  await appendFile(
    path.join(dir, CLI_PIPELINE, 'pipeline.yaml'),
    `\nmailbox:\n  host: ${d.host}\n  port: ${opts.port ?? d.port}\n  secure: false\n  allowInsecure: true\n  user: ${d.user}\n` +
      `  auth: { passwordEnv: ${PASSWORD_VAR} }\n  folder: ${opts.folder}\n  ackIntervalSeconds: 0.5\n  sweepIntervalSeconds: 5\n` +
      `  watchdogIntervalSeconds: 5\n  watchdogTimeoutSeconds: 5\n${opts.extraYaml ?? ''}`,
  );
  const schema = uniqueName('test');
  const queuePrefix = uniqueName('rlcli');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: POSTGRES_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    PIPELINES_DIR: dir,
    PIPELINE: CLI_PIPELINE,
    LOG_LEVEL: 'info',
    REQUEUE_INTERVAL_SECONDS: '5',
    // `start` also serves the review workspace: a port of its own, so parallel test files never collide.
    WEB_PORT: String(await freePort()),
    [PASSWORD_VAR]: d.password,
  };
  const db = await openPostgres(POSTGRES_URL, schema);
  const c = await d.client();
  await c.mailboxCreate(opts.folder);
  await c.logout();
  const children = new Set<ChildProcess>();

  return {
    env,
    db,
    folder: opts.folder,
    queuePrefix,
    run(args) {
      const child = spawn(process.execPath, ['bin/ruecklauf.mjs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
      const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
        (resolve) =>
          child.once('exit', (code, signal) => {
            children.delete(child);
            resolve({ code, signal, stdout, stderr });
          }),
      );
      return {
        child,
        stderr: () => stderr,
        done,
        assertRunning() {
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(
              `ruecklauf ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(-2000)}`,
            );
        },
      };
    },
    async serverState() {
      const client = await d.client();
      try {
        return {
          all: await allUids(client, opts.folder),
          done: await uidsWithKeyword(client, opts.folder, '$Ruecklauf-Done'),
          failed: await uidsWithKeyword(client, opts.folder, '$Ruecklauf-Failed'),
        };
      } finally {
        await client.logout();
      }
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await db.close();
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A count query that answers 0 while the schema is not migrated yet (the child process migrates on start). */
export async function countOr0(db: Db, sql: string): Promise<number> {
  try {
    const rows = await db.query<{ n: number }>(sql);
    return rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}
