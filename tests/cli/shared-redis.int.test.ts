import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, uniqueName } from '../helpers/services.ts';

const run = promisify(execFile);

describe('two databases on one Redis and one QUEUE_PREFIX', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('each runs the same mail to the end: jobs left in Redis by one never swallow the other’s', async () => {
    const prefix = uniqueName('shared');
    for (let i = 0; i < 2; i++) {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'rl-shared-'));
      dirs.push(dataDir);
      const env = { PATH: process.env.PATH, DATA_DIR: dataDir, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
      const { stdout } = await run(
        process.execPath,
        ['bin/ruecklauf.mjs', 'ingest', 'fixtures/mail/01-body-only.eml', '--no-progress', '--timeout', '60'],
        { env },
      );
      expect(stdout).toMatch(/1 messages: 1 classified/);
    }
  });
});
