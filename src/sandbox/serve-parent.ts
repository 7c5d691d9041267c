/**
 * The child side of process-pool.ts: answers one task at a time on the IPC channel. A task that throws is answered
 * with its message; an allocation the data limit refused (prlimit --data, see process-pool.ts) is answered as a
 * memory overrun, whatever library caught it last — V8 names it "Array buffer allocation failed".
 */
export type ChildReply<T> =
  { id: number; ok: true; value: T } | { id: number; ok: false; memory: boolean; message: string };

const ALLOCATION_FAILED = /array buffer allocation failed|allocation failed|out of memory|invalid array length/i;

export function serveParentTasks<In, Out>(handle: (task: In) => Promise<Out> | Out): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveParentTasks: this module must be started by the process pool (no IPC channel)');
  process.on('message', (message: { id: number; task: In }) => {
    const reply = async (): Promise<ChildReply<Out>> => {
      try {
        return { id: message.id, ok: true, value: await handle(message.task) };
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        return {
          id: message.id,
          ok: false,
          memory: err instanceof RangeError && ALLOCATION_FAILED.test(text),
          message: text,
        };
      }
    };
    void reply().then((r) => send(r));
  });
  // The parent went away (killed, crashed): nothing left to answer for.
  process.on('disconnect', () => process.exit(0));
}
