import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FEATURE_VERSION } from '../../src/classify/features.ts';
import type { TrainResult } from '../../src/classify/model/train-model.ts';
import { cacheTraining, cachedTraining } from '../../src/training/model-file-cache.ts';

const dir = fileURLToPath(new URL('../../node_modules/.cache/ruecklauf/models/', import.meta.url));
const fingerprints: string[] = [];
const fresh = () => {
  const f = `test-${randomBytes(8).toString('hex')}`;
  fingerprints.push(f);
  return f;
};
afterEach(async () => {
  await Promise.all(fingerprints.splice(0).map((f) => rm(`${dir}${f}.json`, { force: true })));
});

const result = (featureVersion: string) =>
  ({
    model: { format: 1, version: 'mdl_x', pipelineId: 'p', featureVersion, features: ['w:haft'] },
    metrics: {
      examples: 3,
      reviewerExamples: 0,
      features: 1,
      folds: 0,
      itemsMicroF1: null,
      topicsMicroF1: null,
      stanceAccuracy: null,
      trainingMs: 5,
    },
  }) as unknown as TrainResult;

describe('the file cache of models trained from a pipeline’s files', () => {
  it('gives back what was stored under the same fingerprint, and nothing under another', async () => {
    const f = fresh();
    await cacheTraining(f, result(FEATURE_VERSION));
    expect(await cachedTraining(f)).toEqual(result(FEATURE_VERSION));
    expect(await cachedTraining(fresh())).toBeNull();
  });

  it('ignores a model built on other features, and a damaged file', async () => {
    const stale = fresh();
    await cacheTraining(stale, result('features-0'));
    expect(await cachedTraining(stale)).toBeNull();
    const damaged = fresh();
    await writeFile(`${dir}${damaged}.json`, '{"model": {"featureVer');
    expect(await cachedTraining(damaged)).toBeNull();
  });
});
