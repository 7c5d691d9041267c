import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool, withScratchDir } from '../../extract/run-tool.ts';

const DPI = 80;
const CACHE_SIZE = 64;
const cache = new Map<string, Buffer>();

/**
 * One page of a stored PDF as a PNG for the reply view, rendered by poppler in a child process (time-limited,
 * in a private directory; the bytes come from the database, never from a sender's file name). A small LRU keeps
 * paging through a letter cheap.
 */
export async function renderPdfPage(key: string, bytes: Uint8Array, page: number): Promise<Buffer> {
  const cacheKey = `${key}:${page}`;
  const hit = cache.get(cacheKey);
  if (hit) {
    cache.delete(cacheKey);
    cache.set(cacheKey, hit);
    return hit;
  }
  const png = await withScratchDir(async (dir) => {
    await writeFile(path.join(dir, 'in.pdf'), bytes);
    await runTool(
      'pdftoppm',
      ['-r', String(DPI), '-png', '-singlefile', '-f', String(page), '-l', String(page), 'in.pdf', 'page'],
      { timeoutMs: 30_000, cwd: dir },
    );
    return readFile(path.join(dir, 'page.png'));
  });
  cache.set(cacheKey, png);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
  return png;
}
