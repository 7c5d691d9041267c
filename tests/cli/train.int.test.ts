import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/config/pipeline.ts';
import { listReviewerExamples } from '../../src/store/reviewer-examples.ts';
import { latestModelInfo, loadModel } from '../../src/store/models.ts';
import { FEATURE_VERSION } from '../../src/classify/features.ts';
import { classifierModelFor, modelFromFiles } from '../../src/training/model-source.ts';
import { readCorpusExamples } from '../../src/training/train-pipeline-model.ts';
import type { Queryable } from '../../src/store/db.ts';
import { openTestDb, POSTGRES_URL, type TestDb } from '../helpers/services.ts';

const TRAIN_TIMEOUT_MS = 240_000;

const run = promisify(execFile);
const PIPELINE = 'rueckfuehrung-2024';
const REVIEWED = 'Die Botschaft von Absurdistan stellt seit Monaten keine Heimreisedokumente mehr aus.';

const NOTHING = 'Wir verweisen auf unser Schreiben vom 3. Mai.';

/**
 * One message with two passages: one tagged by a reviewer on items and stance (its topic left to the machine), one
 * where the reviewer said "no item" (NO_TAG_LABEL).
 */
async function seedReviewedPassage(db: Queryable): Promise<void> {
  await db.query(`INSERT INTO blobs (sha256, size, bytes) VALUES ('b1', 1, '\\x00')`);
  await db.query(
    `INSERT INTO messages (id, pipeline_id, raw_sha256, content_hash, source, state) VALUES ('msg_1', $1, 'b1', 'h', 'test', 'classified')`,
    [PIPELINE],
  );
  await db.query(
    `INSERT INTO documents (id, message_id, path, position, kind, declared_type, blob_sha256, size, state)
     VALUES ('doc_1', 'msg_1', 'body', 0, 'body', 'text/plain', 'b1', 1, 'extracted')`,
  );
  await db.query(
    `INSERT INTO passages (id, message_id, document_id, seq, char_start, char_end, text)
     VALUES ('psg_1', 'msg_1', 'doc_1', 0, 0, 80, $1), ('psg_2', 'msg_1', 'doc_1', 1, 81, 100, $2)`,
    [REVIEWED, NOTHING],
  );
  await db.query(
    `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES
       ('psg_1', 'item', 'A2-PEP', 'reviewer', 1, 'reviewer'), ('psg_1', 'stance', 'erfahrung', 'reviewer', 1, 'reviewer'),
       ('psg_1', 'topic', 'X-KOSTEN', 'model', 0.7, 'model 0.70'), ('psg_2', 'item', '-none-', 'reviewer', 1, 'reviewer')`,
  );
}

describe('ruecklauf train (PostgreSQL server)', () => {
  let t: TestDb;
  let dataDir = '';
  beforeAll(async () => {
    t = await openTestDb('postgres');
    dataDir = await mkdtemp(path.join(tmpdir(), 'rl-train-'));
    await seedReviewedPassage(t.db);
  });
  afterAll(async () => {
    await t.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads reviewer tags as training examples, only on the dimensions a reviewer set', async () => {
    expect(await listReviewerExamples(t.db, PIPELINE)).toEqual([
      { text: REVIEWED, items: ['A2-PEP'], stance: 'erfahrung' },
      { text: NOTHING, items: [] },
    ]);
    expect(await listReviewerExamples(t.db, 'another-pipeline')).toEqual([]);
  });

  it('without a trained model, stores the one trained from the files once and reuses it', async () => {
    const pipeline = await loadPipeline('pipelines', PIPELINE);
    const first = await classifierModelFor(t.db, pipeline);
    const second = await classifierModelFor(t.db, pipeline);
    expect(second.version).toBe(first.version);
    expect(first.version).toBe((await modelFromFiles(pipeline)).version);
    const rows = await t.db.query<{ id: string; origin: string }>('SELECT id, origin FROM models');
    expect(rows).toEqual([{ id: first.version, origin: 'files' }]);
    expect(await latestModelInfo(t.db, PIPELINE, FEATURE_VERSION)).toBeNull();
  });

  it(
    'trains on corpus + reviewer tags, stores a versioned model with metrics, and the classify stage then uses it',
    async () => {
      const env = {
        PATH: process.env.PATH,
        DATABASE_URL: POSTGRES_URL,
        DATABASE_SCHEMA: t.schema ?? '',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      };
      // A full training run on the corpus (about 35 s alone, more beside other test files on two cores).
      const { stdout } = await run(process.execPath, ['bin/ruecklauf.mjs', 'train', '--pipeline', PIPELINE], {
        env,
        timeout: TRAIN_TIMEOUT_MS,
      });
      expect(stdout).toMatch(/^training rueckfuehrung-2024$/m);
      expect(stdout).toMatch(/cross-validation 5\/5/);
      const corpus = (await readCorpusExamples(await loadPipeline('pipelines', PIPELINE))).length;
      expect(stdout).toMatch(new RegExp(`examples: ${corpus + 2} \\(2 from reviewers\\)`));
      const version = /stored model (mdl_[0-9a-f]{32})/.exec(stdout)?.[1];

      const info = await latestModelInfo(t.db, PIPELINE, FEATURE_VERSION);
      expect(info?.id).toBe(version);
      expect(info?.metrics).toMatchObject({ examples: corpus + 2, reviewerExamples: 2 });
      expect(info?.metrics.itemsMicroF1).toBeGreaterThan(0);

      // The reviewer's passage changed the model: it differs from the one trained on the files alone.
      const pipeline = await loadPipeline('pipelines', PIPELINE);
      expect((await modelFromFiles(pipeline)).version).not.toBe(version);
      expect((await loadModel(t.db, version ?? '')).version).toBe(version);
      expect((await classifierModelFor(t.db, pipeline)).version).toBe(version);
    },
    TRAIN_TIMEOUT_MS + 30_000,
  );
});
