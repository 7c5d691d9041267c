import { fileURLToPath } from 'node:url';
import { fail, type Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import type { ExtractLimits } from '../extract/extract-document.ts';
import { createIsolatedPool } from './isolated-pool.ts';
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

/** Extraction in killable worker threads; overruns become the document's recorded reason. */
export function createIsolatedExtractor(opts: ExtractorOptions): Extractor {
  const pool = createIsolatedPool<ExtractTask, Result<ExtractedDocument>>({ filename: THREAD_MODULE, ...opts });
  return {
    async extract(input, limits) {
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
    close: () => pool.close(),
  };
}
