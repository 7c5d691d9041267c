import { fileURLToPath } from 'node:url';
import { fail, type Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import type { ExtractLimits } from '../extract/limits.ts';
import { createProcessPool, type IsolatedPool } from './process-pool.ts';
import { compileThreadModule } from './compile-thread.ts';
import type { ExtractTask } from './extract-child.ts';

export interface ExtractInput {
  bytes: Uint8Array;
  declaredType: string;
  filename: string | null;
}

export interface Extractor {
  extract(input: ExtractInput, limits: ExtractLimits): Promise<Result<ExtractedDocument>>;
  /** Process ids of the extraction processes alive now (bench:hostile sums the process tree's memory). */
  readonly pids: number[];
  close(): Promise<void>;
}

export interface ExtractorOptions {
  /** Extraction processes run side by side (EXTRACT_THREADS). */
  threads: number;
  timeoutMs: number;
  /** Memory limit of one extraction process (EXTRACT_MAX_HEAP_MB). */
  maxHeapMb: number;
}

const CHILD_MODULE = fileURLToPath(new URL('./extract-child.ts', import.meta.url));

type Pool = IsolatedPool<ExtractTask, Result<ExtractedDocument>>;

/**
 * Extraction in killable child processes (process-pool.ts); overruns become the document's recorded reason. The
 * child module is compiled to plain JavaScript on first use (see compile-thread.ts), so the children run without tsx.
 */
export function createIsolatedExtractor(opts: ExtractorOptions): Extractor {
  let compiled: Promise<{ pool: Pool; remove(): Promise<void> }> | null = null;
  let live: Pool | null = null;
  const ready = () =>
    (compiled ??= compileThreadModule(CHILD_MODULE).then(({ file, remove }) => {
      live = createProcessPool<ExtractTask, Result<ExtractedDocument>>({
        filename: file,
        processes: opts.threads,
        timeoutMs: opts.timeoutMs,
        maxMemoryMb: opts.maxHeapMb,
      });
      return { pool: live, remove };
    }));
  return {
    async extract(input, limits) {
      const { pool } = await ready();
      // A plain, exactly sized copy: the caller's bytes may be a Buffer view into Node's shared pool.
      const bytes = new Uint8Array(input.bytes);
      const outcome = await pool.run({ bytes, declaredType: input.declaredType, filename: input.filename, limits });
      if (outcome.ok) return outcome.value;
      if (outcome.reason === 'timeout') return fail('extract.timeout', `extraction ${outcome.detail}`);
      if (outcome.reason === 'memory') return fail('extract.memory_limit', `extraction ${outcome.detail}`);
      return fail('extract.failed', `extraction crashed: ${outcome.detail}`);
    },
    get pids() {
      return live?.pids ?? [];
    },
    async close() {
      if (!compiled) return;
      const { pool, remove } = await compiled;
      await pool.close();
      await remove();
    },
  };
}
