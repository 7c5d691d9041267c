import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const BIN = path.resolve('bin/ruecklauf.mjs');
// No DATABASE_URL and an unreachable Redis: the command must need neither.
const env = {
  PATH: process.env.PATH,
  PIPELINES_DIR: path.resolve('pipelines'),
  REDIS_URL: 'redis://127.0.0.1:1',
  LOG_LEVEL: 'info',
};

/** The output contract from the issue, exactly these fields. */
const Output = z
  .object({
    item: z.string(),
    arguments: z.array(
      z
        .object({ id: z.string(), label: z.string().min(3), representative: z.string(), passages: z.array(z.string()) })
        .strict(),
    ),
    unassigned: z.array(z.string()),
  })
  .strict();

function run(args: string[], input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

const evalLines = (file: string) =>
  readFileSync(`pipelines/rueckfuehrung-2024/arguments-eval/${file}`, 'utf8').trim().split('\n');

describe('ruecklauf arguments (no database, no Redis)', () => {
  it('prints one line per item with every passage once, in the taxonomy order', async () => {
    const lines = [...evalLines('pep.jsonl'), ...evalLines('haft.jsonl')].map((l) => {
      const { id, text, items } = JSON.parse(l) as { id: string; text: string; items: string[] };
      return JSON.stringify({ id, text, items });
    });
    const { stdout, code, stderr } = await run(['arguments', '--pipeline', 'rueckfuehrung-2024'], lines.join('\n'));
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const out = stdout
      .trim()
      .split('\n')
      .map((l) => Output.parse(JSON.parse(l)));
    expect(out.map((o) => o.item)).toEqual(['A1-HAFT', 'A2-PEP']);
    for (const o of out) {
      const ids = [...o.arguments.flatMap((a) => a.passages), ...o.unassigned];
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(o.item === 'A1-HAFT' ? 24 : 23);
      expect(o.arguments.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('stops at a bad line with its number on stderr and exit code 2', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'Es fehlen Haftplätze.', items: ['A2-HAFTPLAETZE'] }),
      '{"id": "b", "text": "ohne items"}',
    ].join('\n');
    const bad = await run(['arguments'], input);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('stdin line 2');
    expect(bad.stdout).toBe('');
    const unknown = await run(['arguments'], JSON.stringify({ id: 'a', text: 'x', items: ['NR-99'] }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('stdin line 1: unknown item "NR-99"');
  });

  it('scores the grouping against the hand-labelled set beside the keyword baseline', async () => {
    const { stdout, code } = await run(['arguments-eval', '--json'], '');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      items: { item: string; grouping: { vMeasure: number }; baseline: { vMeasure: number } }[];
    };
    expect(report.items.length).toBeGreaterThanOrEqual(3);
    const mean = (k: 'grouping' | 'baseline') =>
      report.items.reduce((s, i) => s + i[k].vMeasure, 0) / report.items.length;
    expect(mean('grouping')).toBeGreaterThanOrEqual(0.6);
    expect(mean('grouping')).toBeGreaterThan(mean('baseline'));
  });
});
