import { serveParentTasks } from '../../src/sandbox/serve-parent.ts';

export type FixtureTask = { mode: 'double' | 'loop' | 'eat' | 'buffers' | 'throw' | 'sleep' | 'segv'; n: number };

/** A child module for the pool tests: behaves well, loops forever, eats heap or off-heap memory, as asked. */
serveParentTasks(async (task: FixtureTask): Promise<number> => {
  if (task.mode === 'loop') for (;;) task.n++;
  if (task.mode === 'eat') {
    const hoard: string[] = [];
    for (;;) hoard.push('x'.repeat(100_000) + String(Math.random()));
  }
  if (task.mode === 'buffers') {
    // Typed arrays live outside the V8 heap: what a worker thread's resourceLimits never saw (class 3).
    const hoard: Uint8Array[] = [];
    for (;;) {
      hoard.push(new Uint8Array(16 * 1024 * 1024).fill(1));
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  if (task.mode === 'sleep') await new Promise((r) => setTimeout(r, task.n));
  if (task.mode === 'throw') throw new Error('broken input');
  if (task.mode === 'segv') process.kill(process.pid, 'SIGSEGV'); // a native crash, far below any memory limit
  return task.n * 2;
});
