import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';

/** Expands the PATH arguments of `ingest`: .eml files as given, folders searched recursively for *.eml. */
export async function collectMailFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw new ConfigError(`${p}: no such file or folder`);
    if (info.isFile()) files.push(path.resolve(p));
    else if (info.isDirectory()) {
      const entries = await readdir(p, { recursive: true, withFileTypes: true });
      for (const e of entries) {
        if (e.isFile() && e.name.toLowerCase().endsWith('.eml')) files.push(path.resolve(e.parentPath, e.name));
      }
    }
  }
  return [...new Set(files)].sort();
}
