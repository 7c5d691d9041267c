import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import pg from 'pg';
import { POSTGRES_URL, REDIS_URL, uniqueName } from '../helpers/services.ts';

const run = promisify(execFile);

/** The export contract from the README, checked field by field. */
const ExportRecord = z
  .object({
    id: z.string().regex(/^psg_[0-9a-f]{32}$/),
    message: z
      .object({
        messageId: z.string().nullable(),
        from: z.string().nullable(),
        subject: z.string().nullable(),
        date: z.string().nullable(),
      })
      .strict(),
    source: z
      .object({
        kind: z.enum(['body', 'attachment']),
        filename: z.string().nullable(),
        page: z.number().int().nullable(),
      })
      .strict(),
    seq: z.number().int().min(0),
    text: z.string().min(1),
    items: z.array(z.string()),
    topics: z.array(z.string()),
    stance: z.string().nullable(),
    confidence: z.number().min(0).max(1),
    tagSource: z.enum(['rule', 'model', 'reviewer']).nullable(),
    boilerplate: z.boolean(),
    boilerplateKind: z.string().nullable(),
    respondent: z
      .object({
        ags: z.string().regex(/^\d{5}$/),
        name: z.string().nullable(),
        land: z.string().length(2).nullable(),
        confidence: z.number().min(0).max(1),
      })
      .strict()
      .nullable(),
    reviewed: z.boolean(),
    group: z.string().nullable(),
  })
  .strict();

describe.each(['postgres', 'pglite'] as const)('ruecklauf ingest + export on %s', (engine) => {
  const schema = uniqueName('cli');
  let dataDir = '';
  let env: NodeJS.ProcessEnv = {};
  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/ruecklauf.mjs', ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rl-cli-'));
    env = {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      REDIS_URL,
      QUEUE_PREFIX: uniqueName('cli'),
      LOG_LEVEL: 'warn',
      ...(engine === 'postgres' ? { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema } : {}),
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  });

  it('ingests a folder, waits for every message, and exports tagged passages for every body and attachment', async () => {
    const ingest = await cli('ingest', 'fixtures/mail', '--no-progress');
    expect(ingest.stdout).toMatch(/^state\s+from\s+subject/m);
    expect(ingest.stdout).toMatch(/\d+ messages: \d+ classified/);

    const jsonl = await cli('export', '--format', 'jsonl');
    const records = jsonl.stdout
      .trim()
      .split('\n')
      .map((line) => ExportRecord.parse(JSON.parse(line)));
    expect(records.some((r) => r.source.kind === 'body')).toBe(true);
    expect(records.some((r) => r.source.filename?.endsWith('.pdf') && r.source.page === 1)).toBe(true);
    expect(records.some((r) => r.source.filename?.endsWith('.docx'))).toBe(true);
    expect(records.filter((r) => r.items.length > 0).length).toBeGreaterThan(5);
    // Boilerplate stays in the export, marked with its kind; content passages name who they speak for.
    expect(records.find((r) => r.text === 'Sehr geehrte Damen und Herren,')).toMatchObject({
      boilerplate: true,
      boilerplateKind: 'salutation',
    });
    const harz = records.find((r) => r.text.includes('Ausreisegewahrsams auf 28 Tage wird ausdrücklich begrüßt'));
    expect(harz?.respondent).toMatchObject({ ags: '15085', name: 'Landkreis Harz', land: 'ST' });

    const csv = await cli('export', '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe(
      'id,messageId,from,subject,date,sourceKind,filename,page,seq,text,items,topics,stance,confidence,tagSource,boilerplate,boilerplateKind,respondentAgs,respondentName,respondentLand,respondentConfidence,reviewed,group',
    );

    // A second ingest of the same folder adds nothing.
    await cli('ingest', 'fixtures/mail', '--no-progress');
    const again = await cli('export', '--format', 'jsonl');
    expect(again.stdout.trim().split('\n')).toHaveLength(records.length);

    const status = await cli('status');
    expect(status.stdout).toMatch(/classified\s+\d+/);
  }, 180_000); // five CLI processes, each booting Node and tsx: slow on a loaded 2-core machine
});
