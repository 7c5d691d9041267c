/** pdf.js's worker module ships without types; of it only the entry point of a worker on a given port is used. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: { initializeFromPort(port: unknown): void };
}
