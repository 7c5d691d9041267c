import type { TransferListItem } from 'node:worker_threads';
import type { PDFWorker } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PdfJs } from './load-pdfjs.ts';

type Listener = (event: { data: unknown }) => void;

/** pdf.js's stream message kind for a chunk of a stream (its StreamKind.ENQUEUE). */
const STREAM_ENQUEUE = 4;

/**
 * The channel between pdf.js's API and its worker when both run in this thread, as pdf.js's own LoopbackPort but
 * without structured-cloning the text. A page's text reaches the API as a stream of chunks of about ten items;
 * cloning them took about 5 % of the CPU profile of a 300-page letter. The worker builds every item afresh and,
 * after sending a chunk, only replaces the chunk's `items` and `styles` (it reuses the chunk object), so copying
 * the chunk and its item list keeps the two sides apart. Every other message is copied as structuredClone would.
 */
export class SameThreadPort {
  readonly #listeners = new Set<Listener>();

  postMessage(data: unknown, transfer?: TransferListItem[]): void {
    const event = { data: copyMessage(data, transfer) };
    // Delivered in a microtask, as by pdf.js's LoopbackPort: the sender finishes its turn before the receiver runs.
    queueMicrotask(() => {
      for (const listener of this.#listeners) listener(event);
    });
  }

  addEventListener(_type: 'message', listener: Listener, options?: { signal?: AbortSignal }): void {
    if (options?.signal?.aborted) return;
    this.#listeners.add(listener);
    options?.signal?.addEventListener('abort', () => this.#listeners.delete(listener), { once: true });
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.#listeners.delete(listener);
  }

  terminate(): void {
    this.#listeners.clear();
  }
}

/**
 * A pdf.js worker for one document, running in this thread on a SameThreadPort. Destroying the document's loading
 * task ends the worker's side; destroy() the returned PDFWorker for the API's side.
 */
export function createSameThreadWorker({ api, worker }: PdfJs, verbosity: number): PDFWorker {
  const port = new SameThreadPort();
  worker.WorkerMessageHandler.initializeFromPort(port);
  // pdf.js types the port as null (it expects a Web Worker); ours has the methods it calls.
  return new api.PDFWorker({ port: port as unknown as null, verbosity });
}

interface TextChunkMessage {
  stream: number;
  chunk: { items: unknown[] };
}

function isTextChunk(data: unknown): data is TextChunkMessage {
  if (typeof data !== 'object' || data === null || !('stream' in data) || data.stream !== STREAM_ENQUEUE) return false;
  const chunk = 'chunk' in data ? data.chunk : undefined;
  return typeof chunk === 'object' && chunk !== null && 'items' in chunk && Array.isArray(chunk.items);
}

const copyTextChunk = (data: TextChunkMessage): TextChunkMessage => ({
  ...data,
  chunk: { ...data.chunk, items: data.chunk.items.slice() },
});

function copyMessage(data: unknown, transfer: TransferListItem[] | undefined): unknown {
  if (isTextChunk(data)) return copyTextChunk(data);
  // Two thirds of all messages are a stream's pull requests and their answers (a dozen per page): plain objects of
  // primitives, of which a shallow copy is what structuredClone makes, at a fraction of its cost (3–4 % of the
  // extraction time of a 300-page letter).
  if (!transfer?.length && isFlat(data)) return { ...data };
  return structuredClone(data, transfer ? { transfer } : undefined);
}

/** A plain object whose values are all primitives (no objects, functions or symbols). */
function isFlat(data: unknown): data is Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Object.getPrototypeOf(data) !== Object.prototype) return false;
  for (const key in data) {
    const value = (data as Record<string, unknown>)[key];
    if (typeof value === 'object' ? value !== null : typeof value === 'function' || typeof value === 'symbol')
      return false;
  }
  return true;
}
