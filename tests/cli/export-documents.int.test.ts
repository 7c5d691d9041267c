import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import pg from 'pg';
import { POSTGRES_URL, REDIS_URL, uniqueName } from '../helpers/services.ts';

const run = promisify(execFile);

/** The documents export contract of issue 13, checked field by field. */
const DocumentRecord = z
  .object({
    message: z
      .object({
        messageId: z.string().nullable(),
        from: z.string().nullable(),
        subject: z.string().nullable(),
        date: z.string().nullable(),
        state: z.string(),
      })
      .strict(),
    document: z
      .object({
        filename: z.string().nullable(),
        kind: z.enum(['body', 'attachment']),
        state: z.enum(['extracted', 'failed', 'pending']),
        code: z.string().nullable(),
        detail: z.string().nullable(),
        pages: z.number().int().nullable(),
        chars: z.number().int().nullable(),
        ocrConfidence: z.number().nullable(),
      })
      .strict(),
  })
  .strict();

describe('ruecklauf export --records documents', () => {
  const schema = uniqueName('cli');
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/ruecklauf.mjs', ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rl-docs-'));
    await mkdir(path.join(dir, 'mail'));
    await copyFile('fixtures/mail/02-pdf-letter.eml', path.join(dir, 'mail', '02.eml'));
    await copyFile('fixtures/hostile/h06-encrypted-pdf.eml', path.join(dir, 'mail', 'h06.eml'));
    env = {
      PATH: process.env.PATH,
      DATA_DIR: dir,
      REDIS_URL,
      QUEUE_PREFIX: uniqueName('cli'),
      LOG_LEVEL: 'warn',
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema,
    };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });

  it('lists every document with its state, failure code and size, as JSONL and CSV', { timeout: 240_000 }, async () => {
    await cli('ingest', path.join(dir, 'mail'), '--no-progress');
    const jsonl = await cli('export', '--records', 'documents', '--format', 'jsonl');
    const records = jsonl.stdout
      .trim()
      .split('\n')
      .map((line) => DocumentRecord.parse(JSON.parse(line)));
    const pdf = records.find((r) => r.document.filename?.endsWith('.pdf') && r.document.state === 'extracted');
    expect(pdf?.document).toMatchObject({ kind: 'attachment', code: null, pages: 2 });
    expect(pdf?.document.chars).toBeGreaterThan(200);
    const encrypted = records.find((r) => r.document.code === 'extract.encrypted');
    expect(encrypted?.document).toMatchObject({ state: 'failed', chars: null, kind: 'attachment' });
    expect(encrypted?.document.detail).toMatch(/password/);
    expect(records.filter((r) => r.document.kind === 'body')).toHaveLength(2);
    expect(records.every((r) => r.message.state === 'classified')).toBe(true);

    const csv = await cli('export', '--records', 'documents', '--format', 'csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'messageId,from,subject,date,messageState,filename,kind,state,code,detail,pages,chars,ocrConfidence',
    );
    expect(lines).toHaveLength(records.length + 1);
  });
});
