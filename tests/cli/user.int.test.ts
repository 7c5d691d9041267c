import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { POSTGRES_URL, uniqueName } from '../helpers/services.ts';
import { openPostgres } from '../../src/store/db-postgres.ts';
import { findUserByUsername } from '../../src/store/review-users.ts';
import { verifyPassword } from '../../src/web/auth/password.ts';

/** `ruecklauf user add`: the password comes from stdin or $RUECKLAUF_PASSWORD, never from argv. */
describe('ruecklauf user add', () => {
  const schema = uniqueName('cliuser');
  const env = { PATH: process.env.PATH, DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, LOG_LEVEL: 'silent' };
  const cli = (args: string[], stdin: string, extraEnv: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/ruecklauf.mjs', 'user', 'add', ...args], {
        env: { ...env, ...extraEnv },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  afterAll(async () => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('creates an account from stdin, resets it from the environment, and refuses short passwords and bad roles', async () => {
    const created = await cli(['--username', 'ada', '--role', 'admin'], 'ein-sicheres-passwort\n');
    expect(created).toMatchObject({ code: 0, stdout: 'created admin ada\n' });
    const reset = await cli(['--username', 'ada', '--role', 'reviewer'], '', {
      RUECKLAUF_PASSWORD: 'ein-anderes-passwort',
    });
    expect(reset).toMatchObject({ code: 0, stdout: 'updated reviewer ada\n' });
    const short = await cli(['--username', 'bob', '--role', 'reviewer'], 'kurz\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
    expect((await cli(['--username', 'bob', '--role', 'boss'], 'ein-sicheres-passwort\n')).code).not.toBe(0);

    const db = await openPostgres(POSTGRES_URL, schema);
    try {
      const ada = await findUserByUsername(db, 'ada');
      expect(ada?.role).toBe('reviewer');
      expect(await verifyPassword('ein-anderes-passwort', ada?.password_hash ?? '')).toBe(true);
      expect(ada?.password_hash).not.toContain('passwort');
      expect(await findUserByUsername(db, 'bob')).toBeNull();
    } finally {
      await db.close();
    }
  });
});
