import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../src/core/log-events.ts';
import { createLogger } from '../../src/core/logger.ts';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { createHarness, PIPELINE_ID, type Harness } from '../helpers/pipeline-harness.ts';
import { openTestDb, type TestDb } from '../helpers/services.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

describe('the log vocabulary', () => {
  it('has no event that no line logs, and no line logs an event outside it', async () => {
    const used = new Set<string>();
    for (const file of await sourceFiles(path.join(ROOT, 'src'))) {
      for (const m of (await readFile(file, 'utf8')).matchAll(/\bevent: '([a-z_.]+)'/g)) used.add(m[1] ?? '');
    }
    const known = new Set<string>(LOG_EVENTS);
    expect([...used].filter((e) => !known.has(e))).toEqual([]);
    expect(LOG_EVENTS.filter((e) => !used.has(e))).toEqual([]);
    expect(new Set(LOG_EVENTS).size).toBe(LOG_EVENTS.length);
  });
});

describe('every line a real pipeline run logs (real Redis, BullMQ, PostgreSQL)', () => {
  let t: TestDb;
  let h: Harness;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    t = await openTestDb('postgres');
    h = createHarness(t.db);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    h.ctx.logger = createLogger('debug', sink); // the workers log through the context they are started with
    h.startWorkers();
    const files = [
      'fixtures/mail/02-pdf-letter.eml',
      'fixtures/mail/06-corrupt-pdf-and-docx.eml',
      'fixtures/hostile/h06-encrypted-pdf.eml',
    ];
    const ids = [];
    for (const f of files)
      ids.push(
        (await receiveMail(t.db, h.enqueueNext, await readFile(f), { pipelineId: PIPELINE_ID, source: 'log-test' }))
          .messageId,
      );
    await waitForMessages(t.db, ids, { timeoutMs: 120_000, progress: false });
  }, 180_000);
  afterAll(async () => {
    await h.close();
    await t.drop();
  });

  it('carries an event from the vocabulary beside a constant message', () => {
    expect(lines.length).toBeGreaterThan(0);
    const known = new Set<unknown>(LOG_EVENTS);
    expect(lines.filter((l) => !known.has(l.event))).toEqual([]);
    expect(lines.every((l) => typeof l.msg === 'string' && l.msg.length > 0)).toBe(true);
    const seen = new Set(lines.map((l) => l.event));
    for (const e of ['mail.parsed', 'extract.failed', 'message.classified']) expect(seen).toContain(e);
  });
});
