import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createIsolatedPool } from '../../src/sandbox/isolated-pool.ts';

type Task = { mode: 'double' | 'loop' | 'eat' | 'throw'; n: number };

const THREAD = fileURLToPath(new URL('./fixtures-thread.ts', import.meta.url));

describe('createIsolatedPool', () => {
  const pool = createIsolatedPool<Task, number>({
    filename: THREAD,
    threads: 2,
    timeoutMs: 1500,
    maxHeapMb: 64,
  });
  afterAll(() => pool.close());

  it('returns the value of a well-behaved task', async () => {
    expect(await pool.run({ mode: 'double', n: 21 })).toEqual({ ok: true, value: 42 });
  });

  it('kills an endless loop at the time limit and keeps serving', async () => {
    const outcome = await pool.run({ mode: 'loop', n: 0 });
    expect(outcome).toEqual({ ok: false, reason: 'timeout', detail: 'stopped after the time limit of 1.5 s' });
    expect(await pool.run({ mode: 'double', n: 2 })).toEqual({ ok: true, value: 4 });
  });

  it('kills a thread at the memory limit without taking the process down', async () => {
    // A generous time limit: on a loaded machine filling 64 MB can take longer than the other tests' 1.5 s.
    const roomy = createIsolatedPool<Task, number>({ filename: THREAD, threads: 1, timeoutMs: 30_000, maxHeapMb: 64 });
    try {
      const outcome = await roomy.run({ mode: 'eat', n: 0 });
      expect(outcome).toMatchObject({ ok: false, reason: 'memory' });
      expect(await roomy.run({ mode: 'double', n: 3 })).toEqual({ ok: true, value: 6 });
    } finally {
      await roomy.close();
    }
  });

  it('survives a thread that runs out of memory while it is being stopped for its time limit', async () => {
    const outcome = await pool.run({ mode: 'eat', n: 0 });
    expect(['timeout', 'memory']).toContain(outcome.ok ? 'ok' : outcome.reason);
    // The pool keeps serving. A replacement thread starts under tsx; on a loaded machine its start alone can take
    // longer than this pool's 1.5 s limit, so a few tries are allowed — a dead pool would fail every one.
    let next = await pool.run({ mode: 'double', n: 5 });
    for (let i = 0; i < 4 && !next.ok && next.reason === 'timeout'; i++)
      next = await pool.run({ mode: 'double', n: 5 });
    expect(next).toEqual({ ok: true, value: 10 });
  });

  it('reports an exception thrown in the thread', async () => {
    expect(await pool.run({ mode: 'throw', n: 0 })).toEqual({ ok: false, reason: 'crashed', detail: 'broken input' });
  });
});
