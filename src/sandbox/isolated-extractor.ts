import { fileURLToPath } from 'node:url';
import { fail, type Result } from '../core/errors.ts';
import type { ExtractedDocument } from '../core/types.ts';
import { hasPdfHeader } from '../extract/detect-format.ts';
import type { ExtractLimits } from '../extract/limits.ts';
import type { PdfPages } from '../extract/pdf/extract-pdf.ts';
import { createProcessPool, type IsolatedFailure, type IsolatedPool } from './process-pool.ts';
import { compileThreadModule } from './compile-thread.ts';
import type { ExtractReply, ExtractTask } from './extract-child.ts';

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

/**
 * A PDF this large may have pages enough to share among idle processes (a four-page letter is 20–60 KB; each share
 * loads the document again, and a short one is read whole by the first share anyway, see extract-pdf.ts).
 */
export const SPLIT_PDF_MIN_BYTES = 128 * 1024;

const CHILD_MODULE = fileURLToPath(new URL('./extract-child.ts', import.meta.url));

type Pool = IsolatedPool<ExtractTask, ExtractReply>;

/**
 * Extraction in killable child processes (process-pool.ts); overruns become the document's recorded reason. The
 * child module is compiled to plain JavaScript on first use (see compile-thread.ts), so the children run without tsx.
 * A long PDF arriving while several processes are idle is read by all of them, each a share of its pages: pdf.js
 * needs about five times poppler's CPU per page, and a process per core brings the wait down (bench:extract).
 */
export function createIsolatedExtractor(opts: ExtractorOptions): Extractor {
  let compiled: Promise<{ pool: Pool; remove(): Promise<void> }> | null = null;
  let live: Pool | null = null;
  const ready = () =>
    (compiled ??= compileThreadModule(CHILD_MODULE).then(({ file, remove }) => {
      live = createProcessPool<ExtractTask, ExtractReply>({
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
      const shares = splitShares(bytes, limits, pool);
      if (shares > 1) return extractPdfInShares(pool, bytes, shares, limits);
      const outcome = await pool.run({
        kind: 'document',
        bytes,
        declaredType: input.declaredType,
        filename: input.filename,
        limits,
      });
      return outcome.ok ? documentOf(outcome.value) : overrun(outcome);
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

/** How many processes read this document: all idle ones for a long PDF, else one. */
function splitShares(bytes: Uint8Array, limits: ExtractLimits, pool: Pool): number {
  if (bytes.length < SPLIT_PDF_MIN_BYTES || bytes.length > limits.maxBytes) return 1;
  if (pool.idle < 2 || !hasPdfHeader(bytes)) return 1;
  return pool.idle;
}

/** Each process reads its share of the pages; one of them puts the shares together (still inside the sandbox). */
async function extractPdfInShares(
  pool: Pool,
  bytes: Uint8Array,
  of: number,
  limits: ExtractLimits,
): Promise<Result<ExtractedDocument>> {
  const outcomes = await Promise.all(
    Array.from({ length: of }, (_, index) => pool.run({ kind: 'pdf-part', bytes, part: { index, of }, limits })),
  );
  const shares: PdfPages[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) return overrun(outcome);
    if (outcome.value.kind !== 'pdf-part') return fail('extract.failed', 'extraction answered out of turn');
    if (!outcome.value.result.ok) return outcome.value.result;
    shares.push(outcome.value.result.value);
  }
  const whole = await pool.run({ kind: 'pdf-assemble', shares, limits });
  return whole.ok ? documentOf(whole.value) : overrun(whole);
}

function documentOf(reply: ExtractReply): Result<ExtractedDocument> {
  return reply.kind === 'document' ? reply.result : fail('extract.failed', 'extraction answered out of turn');
}

function overrun(outcome: IsolatedFailure): Result<never> {
  if (outcome.reason === 'timeout') return fail('extract.timeout', `extraction ${outcome.detail}`);
  if (outcome.reason === 'memory') return fail('extract.memory_limit', `extraction ${outcome.detail}`);
  return fail('extract.failed', `extraction crashed: ${outcome.detail}`);
}
