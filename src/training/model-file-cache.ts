import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_VERSION } from '../classify/features.ts';
import type { TrainResult } from '../classify/model/train-model.ts';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/ruecklauf/models/', import.meta.url));

/**
 * Models trained from a pipeline's files, on disk by the fingerprint of everything they depend on (corpus, taxonomy,
 * features, trainer): training is deterministic, so a model with the same fingerprint is the same model byte for
 * byte, and a fresh database (a new install, every test schema) need not spend the training time again. A missing,
 * unreadable or stale file just means training; the cache is never the only copy of anything.
 */
export async function cachedTraining(fingerprint: string): Promise<TrainResult | null> {
  try {
    const parsed = JSON.parse(await readFile(fileFor(fingerprint), 'utf8')) as TrainResult;
    return parsed.model.featureVersion === FEATURE_VERSION ? parsed : null;
  } catch {
    return null;
  }
}

/** Written to a temporary name and renamed, so a concurrent reader sees the whole file or none. */
export async function cacheTraining(fingerprint: string, result: TrainResult): Promise<void> {
  await mkdir(CACHE_DIR, { recursive: true });
  const tmp = `${fileFor(fingerprint)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(result));
  await rename(tmp, fileFor(fingerprint));
}

const fileFor = (fingerprint: string): string => path.join(CACHE_DIR, `${fingerprint}.json`);
