import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { patchWorkerSource, WORKER_PATCHES } from './worker-patches.ts';

export type WorkerModule = typeof import('pdfjs-dist/legacy/build/pdf.worker.mjs');

const WORKER = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
/** Appended to the patched copy, so that a thread that finds the copy knows what it holds without patching again. */
const APPLIED_EXPORT = 'ruecklaufAppliedPatches';

/**
 * pdf.js's worker module with worker-patches.ts applied, imported from a copy under node_modules/.cache; the module
 * as shipped where no patch applies or the copy cannot be written. `patches`: the names of those applied.
 * (A data: URL would need no file, but costs about 50 MB of peak memory per thread for a 2 MB module.)
 */
export async function importWorker(): Promise<{ worker: WorkerModule; patches: string[] }> {
  const file = await patchedWorkerFile().catch(() => undefined);
  if (file) {
    const worker = (await import(pathToFileURL(file).href)) as WorkerModule & { [APPLIED_EXPORT]?: unknown };
    const applied = worker[APPLIED_EXPORT];
    if (Array.isArray(applied) && applied.every((name) => typeof name === 'string'))
      return { worker, patches: applied };
  }
  return { worker: await import('pdfjs-dist/legacy/build/pdf.worker.mjs'), patches: [] };
}

/**
 * The patched copy, named by a hash of the shipped worker's bytes and of the patches: written once per pdf.js version,
 * by whichever thread comes first, under a temporary name and renamed, so that a file under that name is complete.
 * Threads that find it only hash the 2 MB of bytes; decoding and patching the source text costs about 25 MB of peak
 * memory. In the project's node_modules, next to pdf.js itself, rather than the shared temp directory, where another
 * user could put a file under that name.
 */
async function patchedWorkerFile(): Promise<string | undefined> {
  const original = createRequire(import.meta.url).resolve(WORKER);
  const bytes = await readFile(original);
  const key = createHash('sha256').update(bytes).update(JSON.stringify(WORKER_PATCHES)).digest('hex').slice(0, 16);
  const nodeModules = original.slice(0, original.lastIndexOf(`${path.sep}pdfjs-dist${path.sep}`));
  const dir = path.join(nodeModules, '.cache', 'ruecklauf');
  const file = path.join(dir, `pdf.worker.${key}.mjs`);
  if (
    await access(file).then(
      () => true,
      () => false,
    )
  )
    return file;
  const { source, applied } = patchWorkerSource(bytes.toString('utf8'));
  if (applied.length === 0) return undefined;
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, `${source}\nexport const ${APPLIED_EXPORT} = ${JSON.stringify(applied)};\n`);
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  return file;
}
