import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { mailboxKey, parseMailboxSection, resolveMailboxAuth } from '../../../src/config/mailbox.ts';
import { loadMailboxConfig } from '../../../src/config/pipeline.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { backoffDelay } from '../../../src/ingest/imap/backoff.ts';
import { checkRedisDurability } from '../../../src/ingest/imap/redis-check.ts';
import { createLogger } from '../../../src/core/logger.ts';
import type { Redis } from 'ioredis';

const minimal = { host: 'imap.example.org', user: 'konsultation', auth: { passwordEnv: 'IMAP_PASSWORD' } };

const tempDirs: string[] = [];
afterAll(async () => {
  for (const d of tempDirs) await rm(d, { recursive: true, force: true });
});

async function pipelineDir(yaml: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rl-pipelines-'));
  tempDirs.push(dir);
  await mkdir(path.join(dir, 'p1'));
  await writeFile(path.join(dir, 'p1', 'pipeline.yaml'), yaml);
  return dir;
}

describe('mailbox config', () => {
  it('fills defaults: TLS on 993, INBOX, flag acknowledgement with our keywords', () => {
    const m = parseMailboxSection(minimal, 'p1', 'pipeline.yaml');
    expect(m).toMatchObject({
      port: 993,
      secure: true,
      folder: 'INBOX',
      ack: { mode: 'flag', flag: '$Ruecklauf-Done', failedFlag: '$Ruecklauf-Failed' },
      maxMessageBytes: 25 * 1024 * 1024,
    });
    expect(mailboxKey(m)).toBe('konsultation@imap.example.org:993/INBOX');
    expect(parseMailboxSection({ ...minimal, tls: false }, 'p1', 'f').port).toBe(143);
  });

  it('names the file and the field when invalid', () => {
    const bad = () =>
      parseMailboxSection({ ...minimal, port: 'x', ack: { mode: 'move' } }, 'p1', '/x/p1/pipeline.yaml');
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/\/x\/p1\/pipeline\.yaml is invalid/);
    expect(bad).toThrow(/mailbox\.port/);
    expect(bad).toThrow(/mailbox\.ack\.processedFolder: mode "move" needs processedFolder/);
  });

  it('refuses a secret in the file and demands exactly one credential source', () => {
    expect(() => parseMailboxSection({ ...minimal, auth: { password: 'hunter2' } }, 'p1', 'f')).toThrow(
      /mailbox\.auth/,
    );
    expect(() => parseMailboxSection({ ...minimal, auth: {} }, 'p1', 'f')).toThrow(/exactly one of/);
    expect(() =>
      parseMailboxSection({ ...minimal, auth: { passwordEnv: 'A', accessTokenEnv: 'B' } }, 'p1', 'f'),
    ).toThrow(/exactly one of/);
  });

  it('reads the mailbox section from pipeline.yaml, null without one', async () => {
    const dir = await pipelineDir(
      `id: p1\ntitle: T\ndeadline: 2024-09-17\nmailbox:\n  host: h\n  user: u\n  auth: { passwordFile: secret.txt }\n  folder: Konsultation\n`,
    );
    const m = await loadMailboxConfig(dir, 'p1');
    expect(m?.folder).toBe('Konsultation');
    expect(m?.auth.passwordFile).toBe(path.join(dir, 'p1', 'secret.txt')); // relative to the pipeline folder
    const none = await pipelineDir('id: p1\ntitle: T\ndeadline: 2024-09-17\n');
    expect(await loadMailboxConfig(none, 'p1')).toBeNull();
  });

  it('resolves secrets from env or file at connect time, and errors name the source but never the secret', async () => {
    const m = parseMailboxSection(minimal, 'p1', 'f');
    expect(await resolveMailboxAuth(m, { IMAP_PASSWORD: 's3cret' })).toEqual({ user: 'konsultation', pass: 's3cret' });
    await expect(resolveMailboxAuth(m, {})).rejects.toThrow(/IMAP_PASSWORD \(password\) is not set/);
    const t = parseMailboxSection({ ...minimal, auth: { accessTokenEnv: 'TOKEN' } }, 'p1', 'f');
    expect(await resolveMailboxAuth(t, { TOKEN: 'ya29.x' })).toEqual({ user: 'konsultation', accessToken: 'ya29.x' });
    const dir = await pipelineDir('x: 1\n');
    await writeFile(path.join(dir, 'pw'), 'from-file\n');
    const f = parseMailboxSection({ ...minimal, auth: { passwordFile: path.join(dir, 'pw') } }, 'p1', 'f');
    expect(await resolveMailboxAuth(f, {})).toEqual({ user: 'konsultation', pass: 'from-file' });
  });
});

describe('backoff', () => {
  it('grows exponentially, stays within [ceiling/2, ceiling] and is capped', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(30, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('Redis durability check', () => {
  const logger = createLogger('silent');
  const fake = (values: Record<string, string> | Error) =>
    ({
      call: async (_c: string, _g: string, name: string) => {
        if (values instanceof Error) throw values;
        return [name, values[name]];
      },
    }) as unknown as Redis;

  it('warns with the fix when not persistent or evicting', async () => {
    const r = await checkRedisDurability(fake({ appendonly: 'no', 'maxmemory-policy': 'allkeys-lru' }), logger);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/appendonly yes/);
    expect(r.problems[1]).toMatch(/noeviction/);
  });

  it('is quiet when durable, and tolerates CONFIG being disabled', async () => {
    expect(
      (await checkRedisDurability(fake({ appendonly: 'yes', 'maxmemory-policy': 'noeviction' }), logger)).problems,
    ).toEqual([]);
    const r = await checkRedisDurability(fake(new Error("ERR unknown command 'CONFIG'")), logger);
    expect(r).toEqual({ appendonly: null, maxmemoryPolicy: null, problems: [] });
  });
});
