import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, dovecotAvailable, startDovecot, testMail, type Dovecot } from '../../helpers/dovecot.ts';
import { POSTGRES_URL, REDIS_URL, uniqueName } from '../../helpers/services.ts';
import { openPostgres } from '../../../src/store/db-postgres.ts';
import type { Db } from '../../../src/store/db.ts';
import { count, uidsWithKeyword, allUids, waitFor } from './setup.ts';

const PIPELINE = 'rueckfuehrung-2024';

/** `ruecklauf start`, `reconcile` as separate processes, as an operator runs them. */
describe.skipIf(!dovecotAvailable())('ruecklauf start / reconcile (CLI, real processes)', () => {
  let d: Dovecot;
  let dir: string;
  let schema: string;
  let env: NodeJS.ProcessEnv;
  let db: Db;
  const folder = 'Konsultation';

  beforeAll(async () => {
    d = await startDovecot();
    dir = await mkdtemp(path.join(tmpdir(), 'rl-cli-'));
    await cp(path.join('pipelines', PIPELINE), path.join(dir, PIPELINE), { recursive: true });
    await appendFile(
      path.join(dir, PIPELINE, 'pipeline.yaml'),
      `\nmailbox:\n  host: ${d.host}\n  port: ${d.port}\n  secure: false\n  allowInsecure: true\n  user: ${d.user}\n` +
        `  auth: { passwordEnv: RL_CLI_IMAP_PASSWORD }\n  folder: ${folder}\n  ackIntervalSeconds: 0.5\n  sweepIntervalSeconds: 5\n`,
    );
    schema = uniqueName('test');
    env = {
      ...process.env,
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      QUEUE_PREFIX: uniqueName('rlcli'),
      PIPELINES_DIR: dir,
      PIPELINE,
      LOG_LEVEL: 'info',
      REQUEUE_INTERVAL_SECONDS: '5',
      WEB_PORT: String(await freePort()), // `start` serves the review workspace too; parallel test files must not collide
      RL_CLI_IMAP_PASSWORD: d.password,
    };
    db = await openPostgres(POSTGRES_URL, schema);
    const c = await d.client();
    await c.mailboxCreate(folder);
    for (let i = 0; i < 5; i++) await c.append(folder, testMail(`cli-${i}`));
    await c.logout();
  });
  afterAll(async () => {
    await db?.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
    await d?.close();
    await rm(dir, { recursive: true, force: true });
  });

  function run(args: string[]): {
    child: ChildProcess;
    done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  } {
    const child = spawn(process.execPath, ['bin/ruecklauf.mjs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('exit', (code) => resolve({ code, stdout, stderr })),
    );
    return { child, done };
  }

  async function serverState() {
    const c = await d.client();
    try {
      return { all: await allUids(c, folder), done: await uidsWithKeyword(c, folder, '$Ruecklauf-Done') };
    } finally {
      await c.logout();
    }
  }

  it(
    'start ingests and acknowledges, stops on SIGTERM with 0; reconcile finds what arrived meanwhile',
    { timeout: 120_000 },
    async () => {
      const first = run(['start']);
      try {
        await waitFor(
          'five mails acknowledged',
          async () => {
            try {
              return await count(db, 'SELECT count(*) FROM mail_ledger WHERE acked_at IS NOT NULL');
            } catch {
              return 0; // not migrated yet
            }
          },
          (n) => n === 5,
          60_000,
        );
      } finally {
        first.child.kill('SIGTERM');
      }
      const r1 = await first.done;
      expect(r1.code, r1.stderr.slice(-2000)).toBe(0);
      expect(r1.stderr).toContain('listener running');
      expect(r1.stderr).toContain('listener stopped');
      expect(r1.stderr).not.toContain(d.password); // the secret never reaches the log
      expect((await serverState()).done).toEqual([1, 2, 3, 4, 5]);

      // Two replies arrive while nothing runs.
      const c = await d.client();
      await c.append(folder, testMail('cli-5'));
      await c.append(folder, testMail('cli-6'));
      await c.logout();

      const dry = await run(['reconcile', '--dry-run']).done;
      expect(dry.code, dry.stderr.slice(-2000)).toBe(0);
      expect(dry.stdout).toContain('never processed:             2 (UID 6, 7)');
      expect(dry.stdout).toContain('(dry run: nothing changed)');

      const fix = await run(['reconcile']).done;
      expect(fix.code, fix.stderr.slice(-2000)).toBe(0);
      expect(fix.stdout).toContain('fixed: ingested 2 new');
      expect(await count(db, 'SELECT count(*) FROM messages')).toBe(7);

      // A restarted `start` finishes them (requeued from PostgreSQL) and acknowledges them.
      const second = run(['start']);
      try {
        await waitFor(
          'all seven acknowledged',
          async () => (await serverState()).done.length,
          (n) => n === 7,
          60_000,
        );
      } finally {
        second.child.kill('SIGTERM');
      }
      const r2 = await second.done;
      expect(r2.code, r2.stderr.slice(-2000)).toBe(0);
      expect(await count(db, 'SELECT count(*) FROM mail_ledger')).toBe(7);
      expect(await count(db, `SELECT count(*) FROM messages WHERE state = 'classified'`)).toBe(7);
    },
  );

  it(
    'listen runs the listeners alone and exits 0 on SIGTERM; a pipeline without credentials stops with exit 2',
    { timeout: 60_000 },
    async () => {
      const l = run(['listen']);
      let stderr = '';
      l.child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
      try {
        await waitFor(
          'listener running',
          async () => stderr,
          (s) => s.includes('listener running'),
          30_000,
        );
      } finally {
        l.child.kill('SIGTERM');
      }
      const r = await l.done;
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(r.stderr).toContain('listener stopped');

      const saved = env.RL_CLI_IMAP_PASSWORD;
      delete env.RL_CLI_IMAP_PASSWORD;
      try {
        const bad = await run(['listen']).done;
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('environment variable RL_CLI_IMAP_PASSWORD (password) is not set');
      } finally {
        env.RL_CLI_IMAP_PASSWORD = saved;
      }
    },
  );
});
