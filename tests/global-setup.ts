import { readdir } from 'node:fs/promises';
import { loadPipeline } from '../src/config/pipeline.ts';
import { modelFromFiles } from '../src/training/model-source.ts';

/**
 * Trains (or finds in the file cache) each pipeline's model from its files once, before any test file runs: many
 * test files and the CLI processes they start need it, and on a fresh clone they would otherwise all train it at
 * the same time, each taking the two cores' time from the others (about 20 s alone for 3,196 passages).
 */
export default async function setup(): Promise<void> {
  for (const entry of await readdir('pipelines', { withFileTypes: true })) {
    if (entry.isDirectory()) await modelFromFiles(await loadPipeline('pipelines', entry.name));
  }
}
