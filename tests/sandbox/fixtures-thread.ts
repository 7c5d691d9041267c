/** A thread module for the pool tests: behaves well, loops forever or eats memory, as asked. */
export default function misbehave(task: { mode: 'double' | 'loop' | 'eat' | 'throw'; n: number }): number {
  if (task.mode === 'loop') for (;;) task.n++;
  if (task.mode === 'eat') {
    const hoard: string[] = [];
    for (;;) hoard.push('x'.repeat(100_000) + String(Math.random()));
  }
  if (task.mode === 'throw') throw new Error('broken input');
  return task.n * 2;
}
