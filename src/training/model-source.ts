import { readFile } from 'node:fs/promises';
import type { Pipeline } from '../config/pipeline.ts';
import type { Taxonomy } from '../core/types.ts';
import { sha256Hex } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import { FEATURE_VERSION } from '../classify/features.ts';
import type { ClassifierModel } from '../core/classifier-model.ts';
import { DEFAULT_LOGISTIC } from '../classify/model/logistic.ts';
import { predictorFor, type Predictor } from '../classify/model/predict.ts';
import { TRAINER_VERSION, type TrainResult } from '../classify/model/train-model.ts';
import type { Queryable } from '../store/db.ts';
import { latestModelInfo, loadModel, modelInfoByFingerprint, saveModel } from '../store/models.ts';
import { cacheTraining, cachedTraining } from './model-file-cache.ts';
import { trainPipelineModel, trainingFile } from './train-pipeline-model.ts';

// Per process: a pipeline's files are trained on (or read from the file cache) once for callers that want the model.
const fromFiles = new Map<string, Promise<TrainResult>>();

/**
 * Per process and pipeline, the predictor of the model last asked for; the model itself is not kept (its weight
 * lists are ten times the predictor's matrices). One per pipeline: a model `ruecklauf train` replaced is dropped
 * with its predictor once the workers use the new one.
 */
const predictors = new Map<string, { keys: Set<string>; taxonomy: Taxonomy; predictor: Promise<Predictor> }>();

export interface ModelSourceOptions {
  logger?: Logger;
  /** Store a model trained from the files, so the next process reuses it (false for dry runs: they write nothing). */
  store?: boolean;
}

/**
 * The model the classify stage uses for a pipeline: the newest one `ruecklauf train` stored for it (on the running
 * code's features); without one, the model trained from the pipeline's files — taken from the database when an
 * earlier process stored it for the same files, else trained now (or taken from the file cache, see
 * model-file-cache.ts) and stored. So a fresh install
 * and a new consultation classify with a model from the first mail on, and every tag's model_version names a row
 * of the models table.
 */
export async function classifierModelFor(
  db: Queryable | null,
  pipeline: Pipeline,
  opts: ModelSourceOptions = {},
): Promise<Predictor> {
  const fingerprint = await filesFingerprint(pipeline);
  if (!db) return predictorOf(pipeline, `files:${fingerprint}`, async () => (await trainedOrCached(pipeline)).model);
  const trained = await latestModelInfo(db, pipeline.id, FEATURE_VERSION);
  if (trained) return predictorOf(pipeline, trained.id, () => loadModel(db, trained.id));
  const earlier = await modelInfoByFingerprint(db, pipeline.id, fingerprint);
  if (earlier) return predictorOf(pipeline, earlier.id, () => loadModel(db, earlier.id));
  return predictorOf(pipeline, `files:${fingerprint}`, async () => {
    const { model, metrics } = await trainedOrCached(pipeline, opts.logger);
    if (opts.store !== false) await saveModel(db, model, metrics, 'files', fingerprint);
    return model;
  });
}

/**
 * The cached predictor for this model key and taxonomy, or one built from `load`'s model (a failure is not kept).
 * A model trained from the files is then also found under its id: the next call reads it as the stored model.
 */
function predictorOf(pipeline: Pipeline, key: string, load: () => Promise<ClassifierModel>): Promise<Predictor> {
  const cached = predictors.get(pipeline.id);
  if (cached?.keys.has(key) && cached.taxonomy === pipeline.taxonomy) return cached.predictor;
  const predictor = load().then((m) => predictorFor(m, pipeline.taxonomy));
  const entry = { keys: new Set([key]), taxonomy: pipeline.taxonomy, predictor };
  predictors.set(pipeline.id, entry);
  void predictor.then(
    (p) => entry.keys.add(p.version),
    () => {
      if (predictors.get(pipeline.id) === entry) predictors.delete(pipeline.id);
    },
  );
  return predictor;
}

/** Trained from the pipeline's files only (no database): what `classify` and `eval` use. Cached per process. */
export async function modelFromFiles(pipeline: Pipeline, logger?: Logger): Promise<ClassifierModel> {
  return (await resultFromFiles(pipeline, logger)).model;
}

export const resultFromFiles = (pipeline: Pipeline, logger?: Logger): Promise<TrainResult> =>
  remembered(fromFiles, `${pipeline.dir}\u0000${pipeline.id}`, () => trainedOrCached(pipeline, logger));

/** The promise made once per key; a failed one is forgotten, so the next caller tries again. */
function remembered<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let promise = cache.get(key);
  if (!promise) {
    promise = make();
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return promise;
}

async function trainedOrCached(pipeline: Pipeline, logger?: Logger): Promise<TrainResult> {
  const fingerprint = await filesFingerprint(pipeline);
  const cached = await cachedTraining(fingerprint);
  if (cached) return cached;
  const trained = await trainPipelineModel(pipeline, null);
  logger?.info(
    { event: 'model.trained_from_files', pipeline: pipeline.id, version: trained.model.version, ...trained.metrics },
    'trained a model from the pipeline files',
  );
  await cacheTraining(fingerprint, trained).catch((err: unknown) =>
    logger?.warn({ event: 'model.cache_failed', err }, 'could not cache the trained model; it is used all the same'),
  );
  return trained;
}

const fingerprints = new WeakMap<Pipeline, Promise<string>>();

/**
 * What a model trained from the files depends on: the training file, the taxonomy, the features and the trainer.
 * Computed once per loaded pipeline, like the model it identifies.
 */
function filesFingerprint(pipeline: Pipeline): Promise<string> {
  let fingerprint = fingerprints.get(pipeline);
  if (!fingerprint) {
    fingerprint = readFile(trainingFile(pipeline), 'utf8')
      .catch(() => '')
      .then((corpus) =>
        sha256Hex(
          [
            corpus,
            JSON.stringify(pipeline.taxonomy),
            FEATURE_VERSION,
            TRAINER_VERSION,
            JSON.stringify(DEFAULT_LOGISTIC),
          ].join('\u0000'),
        ),
      );
    fingerprints.set(pipeline, fingerprint);
  }
  return fingerprint;
}
