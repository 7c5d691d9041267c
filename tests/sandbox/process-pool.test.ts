import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createProcessPool, residentMb } from '../../src/sandbox/process-pool.ts';
import type { FixtureTask } from './fixtures-child.ts';

const CHILD = fileURLToPath(new URL('./fixtures-child.ts', import.meta.url));

describe('createProcessPool', () => {
  const pool = createProcessPool<FixtureTask, number>({
    filename: CHILD,
    processes: 2,
    timeoutMs: 4000,
    maxMemoryMb: 384,
  });
  afterAll(() => pool.close());

  it('returns the value of a well-behaved task', async () => {
    expect(await pool.run({ mode: 'double', n: 21 })).toEqual({ ok: true, value: 42 });
  });

  it('kills an endless loop at the time limit and keeps serving', async () => {
    const outcome = await pool.run({ mode: 'loop', n: 0 });
    expect(outcome).toEqual({ ok: false, reason: 'timeout', detail: 'stopped after the time limit of 4 s' });
    expect(await pool.run({ mode: 'double', n: 2 })).toEqual({ ok: true, value: 4 });
  });

  it('kills a process whose V8 heap outgrows the limit', { timeout: 30_000 }, async () => {
    const roomy = createProcessPool<FixtureTask, number>({
      filename: CHILD,
      processes: 1,
      timeoutMs: 25_000,
      maxMemoryMb: 256,
    });
    try {
      expect(await roomy.run({ mode: 'eat', n: 0 })).toMatchObject({ ok: false, reason: 'memory' });
      expect(await roomy.run({ mode: 'double', n: 3 })).toEqual({ ok: true, value: 6 });
    } finally {
      await roomy.close();
    }
  });

  it('reports a native crash of a small process as a crash, not as the memory limit', async () => {
    const outcome = await pool.run({ mode: 'segv', n: 0 });
    expect(outcome).toMatchObject({ ok: false, reason: 'crashed' });
    expect(outcome.ok === false && outcome.detail).toMatch(/SIGSEGV/);
    expect(await pool.run({ mode: 'double', n: 5 })).toEqual({ ok: true, value: 10 });
  });

  // docs/reliability.md class 3: typed arrays are outside the V8 heap; a thread's resourceLimits never stopped them.
  it(
    'stops off-heap memory (typed arrays) at the limit, with the process never far above it',
    { timeout: 30_000 },
    async () => {
      const roomy = createProcessPool<FixtureTask, number>({
        filename: CHILD,
        processes: 1,
        timeoutMs: 25_000,
        maxMemoryMb: 256,
      });
      let peak = 0;
      const watch = setInterval(() => {
        for (const pid of roomy.pids) peak = Math.max(peak, residentMb(pid) ?? 0);
      }, 20);
      try {
        expect(await roomy.run({ mode: 'buffers', n: 0 })).toEqual({
          ok: false,
          reason: 'memory',
          detail: 'stopped at the memory limit of 256 MB',
        });
        expect(peak).toBeGreaterThan(100);
        expect(peak).toBeLessThan(256 + 64);
        expect(await roomy.run({ mode: 'double', n: 4 })).toEqual({ ok: true, value: 8 });
      } finally {
        clearInterval(watch);
        await roomy.close();
      }
    },
  );

  // docs/reliability.md class 1: the time limit counts from when a process takes the task, not from the queue.
  it('does not count the wait behind other tasks against the time limit', { timeout: 30_000 }, async () => {
    const single = createProcessPool<FixtureTask, number>({
      filename: CHILD,
      processes: 1,
      timeoutMs: 2500,
      maxMemoryMb: 256,
    });
    try {
      await single.run({ mode: 'double', n: 0 }); // process started
      const tasks = [1, 2, 3, 4].map((n) => single.run({ mode: 'sleep', n: 1000 + n }));
      expect(single.queued).toBe(3);
      const outcomes = await Promise.all(tasks);
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, true]); // 4 s in all, 2.5 s limit each
    } finally {
      await single.close();
    }
  });

  it('reports an exception thrown in the child', async () => {
    expect(await pool.run({ mode: 'throw', n: 0 })).toEqual({ ok: false, reason: 'crashed', detail: 'broken input' });
  });
});
