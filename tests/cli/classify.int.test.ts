import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const run = promisify(execFile);
const BIN = path.resolve('bin/ruecklauf.mjs');
const PIPELINES = path.resolve('pipelines');

/** The `classify` output contract from the issue, exactly these fields. */
const Output = z
  .object({
    id: z.string(),
    items: z.array(z.string()),
    topics: z.array(z.string()),
    stance: z.string(),
    confidence: z.record(z.string(), z.number().min(0).max(1)),
    reasons: z.array(z.string().min(1)),
  })
  .strict();

function classify(
  cwd: string,
  env: NodeJS.ProcessEnv,
  input: string,
  args: string[] = [],
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'classify', ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

describe('ruecklauf classify (no database, no Redis)', () => {
  let cwd = '';
  // No DATABASE_URL and an unreachable Redis: classify must need neither.
  const env = { PATH: process.env.PATH, PIPELINES_DIR: PIPELINES, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'info' };

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'rl-classify-'));
    // natural 8 imports dotenv 17, which would load this file and print a banner to stdout. If it were loaded, the
    // default pipeline would point nowhere and the command would fail; if it printed, stdout would not be JSONL.
    await writeFile(path.join(cwd, '.env'), 'PIPELINE=does-not-exist\nRUECKLAUF_DOTENV_PROBE=loaded\n');
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('writes nothing but one JSONL result per input line, even with a .env file in the working directory', async () => {
    const input =
      [
        { id: 'a', text: 'Zu Nr. 7 der Anlage 1: Atteste werden regelmäßig erst am Abschiebungstag vorgelegt.' },
        { id: 'b', text: 'Fehlanzeige.' },
        { id: 'c', text: 'Wir begrüßen die Verlängerung des Ausreisegewahrsams auf 28 Tage ausdrücklich.' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n';
    const { stdout, code } = await classify(cwd, env, input);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    const results = lines.map((l) => Output.parse(JSON.parse(l)));
    expect(results.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(results[0]?.items).toContain('A1-ATTEST');
    expect(results[0]?.reasons[0]).toMatch(/^A1-ATTEST: reference "/);
    expect(results[1]).toMatchObject({ items: [], stance: 'neutral' });
    expect(results[2]?.stance).toBe('zustimmung');
    for (const r of results)
      for (const label of [...r.items, ...r.topics, r.stance]) expect(r.confidence[label]).toBeTypeOf('number');
  });

  it('does not let the .env file into the environment', async () => {
    // The wrapper is the only importer of natural: import it in a process started in that directory and look.
    const probe = `import('${path.resolve('src/classify/natural-de.ts')}').then((m) => { m.stemGerman('haft'); process.stdout.write(String(process.env.RUECKLAUF_DOTENV_PROBE)); })`;
    // (Importing natural's index the same way prints "loaded": dotenv's banner and variable.)
    const { stdout } = await run(
      process.execPath,
      ['--import', path.resolve('node_modules/tsx/dist/esm/index.mjs'), '-e', probe],
      { cwd, env },
    );
    expect(stdout).toBe('undefined');
  });

  it('the rules-only baseline works the same way, and a bad line stops with its number', async () => {
    const ok = await classify(cwd, env, '{"id":1,"text":"Zu Anlage 2, Ziff. 3: Charterflüge fallen aus."}\n', [
      '--rules-only',
    ]);
    expect(Output.parse(JSON.parse(ok.stdout)).items).toEqual(['A2-CHARTER']);
    const bad = await classify(cwd, env, '{"id":"x","text":"ok"}\nnot json\n', ['--rules-only']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('stdin line 2');
    expect(bad.stdout.trim().split('\n')).toHaveLength(1);
  });
});
