import { mkdtemp, mkdir, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { loadEnv } from '../../src/config/env.ts';
import { ConfigError } from '../../src/core/errors.ts';

async function pipelineDir(taxonomy: string, id = 'test-pipeline'): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'rl-pipe-'));
  await mkdir(path.join(root, id));
  await writeFile(path.join(root, id, 'pipeline.yaml'), `id: ${id}\ntitle: Test\ndeadline: 2024-09-17\n`);
  await writeFile(path.join(root, id, 'taxonomy.yaml'), taxonomy);
  return root;
}

describe('loadPipeline', () => {
  it('loads the shipped consultation with all 44 items, 7 topics and 5 stances', async () => {
    const p = await loadPipeline('pipelines', 'rueckfuehrung-2024');
    expect(p.taxonomy.items).toHaveLength(44);
    expect(p.taxonomy.topics).toHaveLength(7);
    expect(p.taxonomy.stances.map((s) => s.id)).toEqual([
      'zustimmung',
      'ablehnung',
      'vorschlag',
      'erfahrung',
      'neutral',
    ]);
    expect(p.deadline).toBe('2024-09-17');
    expect(p.reviewThreshold).toBe(0.6);
  });

  it('names the file and the bad field when an item points at an unknown group', async () => {
    const shipped = await readFile('pipelines/rueckfuehrung-2024/taxonomy.yaml', 'utf8');
    const broken = shipped
      .replace('id: test-pipeline', '')
      .replace('{ id: A1-ATTEST, group: A1,', '{ id: A1-ATTEST, group: A9,');
    const root = await pipelineDir(broken.replace(/^id: .*$/m, 'id: test-pipeline'));
    await expect(loadPipeline(root, 'test-pipeline')).rejects.toThrow(
      /taxonomy\.yaml is invalid:\n\s+items\.6\.group: unknown group "A9"/,
    );
  });

  it('refuses a duplicate item number within a group', async () => {
    const root = await pipelineDir(
      'id: t\ntitle: T\ndeadline: 2024-09-17\ngroups: [{id: A1, label: A}]\nstances: [{id: neutral, label: N}]\n' +
        'items:\n  - {id: X, group: A1, number: 1, label: x}\n  - {id: Y, group: A1, number: 1, label: y}\n',
    );
    await expect(loadPipeline(root, 'test-pipeline')).rejects.toThrow(
      /items\.1\.number: duplicate number 1 in group A1/,
    );
  });

  it('validates pipeline.yaml with its mailbox section as one schema, naming every bad field', async () => {
    const shipped = await readFile('pipelines/rueckfuehrung-2024/taxonomy.yaml', 'utf8');
    const root = await pipelineDir(shipped.replace(/^id: .*$/m, 'id: test-pipeline'));
    const file = path.join(root, 'test-pipeline', 'pipeline.yaml');
    await writeFile(
      file,
      'id: test-pipeline\ntitle: Test\ndeadline: 2024-09-17\nreviewThreshold: 2\n' +
        'mailbox:\n  host: imap.example.org\n  user: u\n  auth: { password: hunter2 }\n',
    );
    const error = await loadPipeline(root, 'test-pipeline').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/pipeline\.yaml is invalid:/);
    expect(String(error)).toMatch(/reviewThreshold: /);
    expect(String(error)).toMatch(/mailbox\.auth: /);

    await writeFile(
      file,
      'id: test-pipeline\ntitle: Test\ndeadline: 2024-09-17\n' +
        'mailbox:\n  host: imap.example.org\n  user: u\n  auth: { passwordEnv: IMAP_PASSWORD }\n',
    );
    const p = await loadPipeline(root, 'test-pipeline');
    expect(p.mailbox).toMatchObject({ pipelineId: 'test-pipeline', host: 'imap.example.org', port: 993 });
    expect((await loadPipeline('pipelines', 'rueckfuehrung-2024')).mailbox).toBeNull();
  });

  it('says which pipeline is missing', async () => {
    await expect(loadPipeline('pipelines', 'no-such')).rejects.toThrow(/Cannot read .*no-such.*pipeline\.yaml/);
  });
});

describe('loadEnv', () => {
  it('applies defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      DATA_DIR: './data',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'ruecklauf',
      LOG_LEVEL: 'info',
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('fails with the variable name and what to do', () => {
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x', QUEUE_PREFIX: 'a:b' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL[\s\S]*QUEUE_PREFIX: may contain only/,
    );
  });
});

describe('taxonomy renamed:', () => {
  it('refuses a rename onto an id the taxonomy does not have, naming the field', async () => {
    const { cp } = await import('node:fs/promises');
    const dir = await mkdtemp(path.join(tmpdir(), 'rl-tax-'));
    await cp('pipelines/rueckfuehrung-2024', path.join(dir, 'rueckfuehrung-2024'), { recursive: true });
    const file = path.join(dir, 'rueckfuehrung-2024', 'taxonomy.yaml');
    await writeFile(file, `${await readFile(file, 'utf8')}\nrenamed:\n  A1-OLD: A1-NOWHERE\n`);
    await expect(loadPipeline(dir, 'rueckfuehrung-2024')).rejects.toThrow(
      /renamed\.A1-OLD: "A1-NOWHERE" is not an item, topic or stance/,
    );
  });
});
