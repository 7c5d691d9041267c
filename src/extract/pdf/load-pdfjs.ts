import { importWorker, type WorkerModule } from './import-worker.ts';

/**
 * pdf.js, imported once per thread and reused for every PDF, its worker with two functions it runs per glyph
 * rewritten (see worker-patches.ts).
 *
 * Its legacy build (the one that runs on Node 20) bundles core-js, which replaces `Array.prototype.push` and
 * `JSON.parse` with JavaScript polyfills for all code in the thread. Text extraction pushes once per glyph: on a
 * 300-page letter the polyfilled push took about 12 % of the CPU profile. The natives are captured when this module is
 * evaluated, before pdf.js is imported (lazily, below), and put back once it has loaded; the polyfills exist only for
 * edge cases of the spec (array lengths above 2^53) that pdf.js never reaches. The other additions (Promise.try,
 * Set methods, Uint8Array.toHex, …) are new features pdf.js needs on Node 20 and stay.
 */
export interface PdfJs {
  api: typeof import('pdfjs-dist/legacy/build/pdf.mjs');
  worker: WorkerModule;
  /** The patches of worker-patches.ts the worker runs with (fewer than all: pdf.js changed under them). */
  workerPatches: string[];
}

const nativePush = Array.prototype.push;
const nativeJsonParse = JSON.parse;
// If pdf.js (with core-js) was imported before this module ran, the captured functions are already the polyfills.
const capturedNatives = !('__core-js_shared__' in globalThis);

let loading: Promise<PdfJs> | undefined;

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= importPdfJs().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function importPdfJs(): Promise<PdfJs> {
  const api = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // The worker runs in this thread (see same-thread-port.ts); imported here, its own copy of core-js has run
  // before the natives are restored.
  const { worker, patches } = await importWorker();
  if (capturedNatives) restoreNatives();
  return { api, worker, workerPatches: patches };
}

function restoreNatives(): void {
  Object.defineProperty(Array.prototype, 'push', {
    value: nativePush,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(JSON, 'parse', {
    value: nativeJsonParse,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}
