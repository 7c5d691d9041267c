import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

/**
 * Runs `npm run cycles`' check over the src/ of a directory: its exit code and each violation as "rule: from → to"
 * (a cycle is reported by its first step).
 */
async function cruise(dir: string): Promise<{ code: number; violations: string[] }> {
  let code = 0;
  let report: string;
  try {
    report = (await run(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--no-progress'], { cwd: dir }))
      .stdout;
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number' || !e.stdout) throw new Error(`depcruise did not run: ${e.stderr ?? String(err)}`);
    code = e.code;
    report = e.stdout;
  }
  // Plain lines without the colours a terminal would get: "  error rule: from → to" (a cycle continues below).
  const violations = [...report.matchAll(/^\s*error (\S+): (\S+) →\s*\n?\s*(\S+)/gm)].map(
    ([, rule, from, to]) => `${rule}: ${from} → ${to}`,
  );
  return { code, violations };
}

/** Each wrong-way import written into the scratch copy, and the rule that must name it. */
const WRONG_WAY: { file: string; source: string; rule: string; target: string }[] = [
  {
    file: 'src/store/zz-wrong.ts',
    source: "import type { Predictor } from '../classify/model/predict.ts';\nexport type X = Predictor;\n",
    rule: 'store-imports-core-and-config',
    target: 'src/classify/model/predict.ts',
  },
  {
    file: 'src/ingest/zz-wrong.ts',
    source: "import { enqueue } from '../queue/queues.ts';\nexport const x = enqueue;\n",
    rule: 'ingest-below-queue',
    target: 'src/queue/queues.ts',
  },
  {
    file: 'src/classify/zz-wrong.ts',
    source: "import { buildPassages } from '../extract/segment/passages.ts';\nexport const x = buildPassages;\n",
    rule: 'pure-stage-imports-core',
    target: 'src/extract/segment/passages.ts',
  },
  {
    file: 'src/parse/zz-wrong.ts',
    source: "import type { Db } from '../store/db.ts';\nexport type X = Db;\n",
    rule: 'pure-stage-imports-core',
    target: 'src/store/db.ts',
  },
  {
    file: 'src/core/zz-wrong.ts',
    source: "import type { Env } from '../config/env.ts';\nexport type X = Env;\n",
    rule: 'core-imports-nothing-of-ours',
    target: 'src/config/env.ts',
  },
  {
    file: 'src/queue/zz-wrong.ts',
    source: "import type { WebDeps } from '../web/deps.ts';\nexport type X = WebDeps;\n",
    rule: 'composers-below-edges',
    target: 'src/web/deps.ts',
  },
  {
    file: 'src/core/zz-cycle-a.ts',
    source: "import { b } from './zz-cycle-b.ts';\nexport const a = (): number => b() + 1;\n",
    rule: 'no-circular',
    target: 'src/core/zz-cycle-b.ts',
  },
  {
    file: 'src/unplaced/zz-new.ts',
    source: "import { sha256Hex } from '../core/ids.ts';\nexport const x = sha256Hex;\n",
    rule: 'folder-not-in-rules',
    target: 'src/core/ids.ts',
  },
];

describe('the folder rules of npm run cycles', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'folder-rules-'));
    await cp(path.join(ROOT, 'src'), path.join(scratch, 'src'), { recursive: true });
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('pass on the tree as it is', async () => {
    const { code, violations } = await cruise(scratch);
    expect(violations).toEqual([]);
    expect(code).toBe(0);
  });

  it('fail on every wrong-way import, naming the rule and both files', async () => {
    for (const w of WRONG_WAY) {
      await mkdir(path.dirname(path.join(scratch, w.file)), { recursive: true });
      await writeFile(path.join(scratch, w.file), w.source);
    }
    // The other half of the cycle: zz-cycle-a imports it, it imports zz-cycle-a.
    await writeFile(
      path.join(scratch, 'src/core/zz-cycle-b.ts'),
      "import { a } from './zz-cycle-a.ts';\nexport const b = (): number => (Math.random() > 2 ? a() : 0);\n",
    );
    const { code, violations } = await cruise(scratch);
    expect(code).not.toBe(0);
    const expected = WRONG_WAY.map((w) => `${w.rule}: ${w.file} → ${w.target}`);
    expect(violations.sort()).toEqual(expected.sort());
  });
});
