import { Piscina } from 'piscina';

/**
 * Runs long, trusted work (model training) in worker threads with a time and V8-heap limit, so the calling process's
 * event loop stays free. Untrusted documents do NOT run here: typed arrays live outside the V8 heap, so a thread's
 * resourceLimits cannot bound them — extraction uses child processes (process-pool.ts, docs/reliability.md).
 */
export interface IsolatedPoolOptions {
  /** Absolute path of the thread module; its default export handles one task. */
  filename: string;
  threads: number;
  timeoutMs: number;
  maxHeapMb: number;
}

export type IsolatedOutcome<T> =
  { ok: true; value: T } | { ok: false; reason: 'timeout' | 'memory' | 'crashed'; detail: string };

export interface IsolatedPool<In, Out> {
  run(task: In, transfer?: ArrayBuffer[]): Promise<IsolatedOutcome<Out>>;
  readonly queued: number;
  close(): Promise<void>;
}

export function createIsolatedPool<In, Out>(opts: IsolatedPoolOptions): IsolatedPool<In, Out> {
  const pool = new Piscina<In, Out>({
    filename: opts.filename,
    minThreads: 0,
    maxThreads: opts.threads,
    idleTimeout: 60_000,
    // The thread modules are TypeScript; tsx compiles them in each thread as it does in the main one.
    execArgv: opts.filename.endsWith('.ts') ? ['--import', 'tsx'] : [],
    resourceLimits: {
      maxOldGenerationSizeMb: opts.maxHeapMb,
      // 16 MB rather than 64: a thread's young generation fills to its limit between scavenges, so every thread
      // held ~45 MB more (300 fixture documents: +180 MB → +135 MB RSS) for no measurable CPU gain.
      maxYoungGenerationSizeMb: Math.min(16, opts.maxHeapMb / 4),
    },
  });
  // A thread that dies after its task was already settled (e.g. out of memory while being terminated for a
  // timeout) is reported as a pool 'error' event; unhandled, that event would take the whole worker process down.
  pool.on('error', () => undefined);
  return {
    async run(task, transfer) {
      try {
        const value = await pool.run(task, {
          signal: AbortSignal.timeout(opts.timeoutMs),
          ...(transfer ? { transferList: transfer } : {}),
        });
        return { ok: true, value };
      } catch (err) {
        return classifyFailure(err, opts);
      }
    },
    get queued() {
      return pool.queueSize;
    },
    close: () => pool.destroy(),
  };
}

function classifyFailure(
  err: unknown,
  opts: IsolatedPoolOptions,
): { ok: false; reason: 'timeout' | 'memory' | 'crashed'; detail: string } {
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError')
    return { ok: false, reason: 'timeout', detail: `stopped after the time limit of ${opts.timeoutMs / 1000} s` };
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return { ok: false, reason: 'memory', detail: `stopped at the memory limit of ${opts.maxHeapMb} MB` };
  return { ok: false, reason: 'crashed', detail: e.message ?? String(err) };
}
