import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Env } from '../config/env.ts';
import type { Pipeline } from '../config/pipeline.ts';
import { ConfigError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { FEATURE_VERSION } from '../classify/features.ts';
import type { ClassifierModel } from '../core/classifier-model.ts';
import { predictorFor, type Predictor } from '../classify/model/predict.ts';
import type { ReviewerMemory } from '../classify/reviewer-memory.ts';
import type { Db } from '../store/db.ts';
import { latestModelInfo, loadModel } from '../store/models.ts';
import { openStore } from '../store/open-store.ts';
import { loadReviewerMemory } from './memory-source.ts';
import { modelFromFiles } from './model-source.ts';

export interface ModelChoiceOptions {
  /** 'files' | 'latest' | a model id (mdl_…); undefined: 'latest' when the configured database has one, else 'files'. */
  model?: string | undefined;
  /** Reviewer memory on/off; undefined: on whenever a database is opened. */
  memory?: boolean | undefined;
  rulesOnly?: boolean;
}

export interface ChosenClassifier {
  model: Predictor | null;
  memory: ReviewerMemory | null;
  /** What was used, for a report line: "files mdl_…", "latest mdl_…", "mdl_…", "rules only". */
  describe: string;
}

/** A database counts as configured when DATABASE_URL is set or the embedded one exists under DATA_DIR. */
async function databaseConfigured(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>): Promise<boolean> {
  if (env.DATABASE_URL) return true;
  return access(path.resolve(env.DATA_DIR, 'pglite')).then(
    () => true,
    () => false,
  );
}

/**
 * The model and reviewer memory `classify` and `eval` use. `files` needs no database; `latest` and an id read the
 * configured one, and so does the default when a database is configured. The database is closed before returning:
 * both commands then work on their input alone.
 */
export async function chooseClassifier(
  env: Env,
  pipeline: Pipeline,
  opts: ModelChoiceOptions,
  logger?: Logger,
): Promise<ChosenClassifier> {
  const choice = opts.model;
  if (choice !== undefined && choice !== 'files' && choice !== 'latest' && !/^mdl_[0-9a-f]{32}$/.test(choice))
    throw new ConfigError(`--model: "files", "latest" or a model id (mdl_ and 32 hex digits), got "${choice}"`);
  const needsDb =
    choice === 'latest' ||
    (choice !== undefined && choice.startsWith('mdl_')) ||
    opts.memory === true ||
    (choice === undefined && (await databaseConfigured(env)));
  const db = needsDb ? await openStore(env) : null;
  try {
    const memory = db && opts.memory !== false ? await loadReviewerMemory(db, pipeline.id) : null;
    if (opts.rulesOnly) return { model: null, memory, describe: 'rules only' };
    const { model, describe } = await pickModel(db, pipeline, choice, logger);
    return { model: predictorFor(model, pipeline.taxonomy), memory, describe };
  } finally {
    await db?.close();
  }
}

async function pickModel(
  db: Db | null,
  pipeline: Pipeline,
  choice: string | undefined,
  logger?: Logger,
): Promise<{ model: ClassifierModel; describe: string }> {
  if (choice === 'files' || !db) {
    const model = await modelFromFiles(pipeline, logger);
    return { model, describe: `files ${model.version}` };
  }
  if (choice === undefined || choice === 'latest') {
    const latest = await latestModelInfo(db, pipeline.id, FEATURE_VERSION);
    if (latest) return { model: await loadModel(db, latest.id), describe: `latest ${latest.id}` };
    if (choice === 'latest')
      throw new ConfigError(
        `--model latest: the database holds no trained model of ${pipeline.id} on ${FEATURE_VERSION}; run \`ruecklauf train\` or use --model files`,
      );
    const model = await modelFromFiles(pipeline, logger);
    return { model, describe: `files ${model.version}` };
  }
  const [row] = await db.query<{ pipeline_id: string; feature_version: string }>(
    'SELECT pipeline_id, feature_version FROM models WHERE id = $1',
    [choice],
  );
  if (!row) throw new ConfigError(`--model ${choice}: no such model in the database (see the models table)`);
  if (row.pipeline_id !== pipeline.id || row.feature_version !== FEATURE_VERSION)
    throw new ConfigError(
      `--model ${choice}: trained for ${row.pipeline_id} on ${row.feature_version}, not ${pipeline.id} on ${FEATURE_VERSION}`,
    );
  return { model: await loadModel(db, choice), describe: choice };
}
