import { fileURLToPath } from 'node:url';
import { fail, type Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import type { ExtractLimits } from '../extract/limits.ts';
import { createIsolatedPool } from './isolated-pool.ts';
import { compileThreadModule } from './compile-thread.ts';
import type { ExtractTask } from './extract-thread.ts';

export interface ExtractInput {
  bytes: Uint8Array;
  declaredType: string;
  filename: string | null;
}

export interface Extractor {
  extract(input: ExtractInput, limits: ExtractLimits): Promise<Result<ExtractedDocument>>;
  close(): Promise<void>;
}

export interface ExtractorOptions {
  threads: number;
  timeoutMs: number;
  maxHeapMb: number;
}

const THREAD_MODULE = fileURLToPath(new URL('./extract-thread.ts', import.meta.url));

type Pool = ReturnType<typeof createIsolatedPool<ExtractTask, Result<ExtractedDocument>>>;

/**
 * Extraction in killable worker threads; overruns become the document's recorded reason. The thread module is
 * compiled to plain JavaScript on first use (see compile-thread.ts), so the threads run without tsx.
 */
export function createIsolatedExtractor(opts: ExtractorOptions): Extractor {
  let compiled: Promise<{ pool: Pool; remove(): Promise<void> }> | null = null;
  const ready = () =>
    (compiled ??= compileThreadModule(THREAD_MODULE).then(({ file, remove }) => ({
      pool: createIsolatedPool<ExtractTask, Result<ExtractedDocument>>({ filename: file, ...opts }),
      remove,
    })));
  return {
    async extract(input, limits) {
      const { pool } = await ready();
      // A private, exactly sized copy: the caller's bytes may be a Buffer view into Node's shared pool
      // (Buffer#slice does not copy), which must neither be detached nor sent along whole.
      const copy = new Uint8Array(input.bytes);
      const outcome = await pool.run(
        { bytes: copy.buffer, declaredType: input.declaredType, filename: input.filename, limits },
        [copy.buffer],
      );
      if (outcome.ok) return outcome.value;
      if (outcome.reason === 'timeout') return fail('extract.timeout', `extraction ${outcome.detail}`);
      if (outcome.reason === 'memory') return fail('extract.memory_limit', `extraction ${outcome.detail}`);
      return fail('extract.failed', `extraction crashed: ${outcome.detail}`);
    },
    async close() {
      if (!compiled) return;
      const { pool, remove } = await compiled;
      await pool.close();
      await remove();
    },
  };
}
