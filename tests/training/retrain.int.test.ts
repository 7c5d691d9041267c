import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { loadPipeline, type Pipeline } from '../../src/config/pipeline.ts';
import { FEATURE_VERSION } from '../../src/classify/features.ts';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { connectRedis } from '../../src/queue/redis.ts';
import { checkRetrainDue, createTrainQueue, requestRetraining, startTrainWorker } from '../../src/queue/train-queue.ts';
import { saveLabelImport } from '../../src/store/imported-labels.ts';
import { latestModelInfo } from '../../src/store/models.ts';
import { listTrainingRuns, type TrainingRun } from '../../src/store/training-runs.ts';
import { createHarness, PIPELINE_ID, type Harness } from '../helpers/pipeline-harness.ts';
import { openTestDb, REDIS_URL, type TestDb } from '../helpers/services.ts';

const TIMEOUT_MS = 240_000;

/**
 * The real pipeline's taxonomy with a small corpus (the first 120 corpus lines), so a retraining takes seconds:
 * what is tested is the job around training, not the model's figures (docs/classifier.md has those).
 */
async function smallPipeline(dir: string, afterCorrections: number): Promise<Pipeline> {
  const target = path.join(dir, PIPELINE_ID);
  await cp(path.join('pipelines', PIPELINE_ID), target, { recursive: true });
  const corpus = (await readFile(path.join(target, 'training', 'train.jsonl'), 'utf8')).split('\n').slice(0, 120);
  await writeFile(path.join(target, 'training', 'train.jsonl'), corpus.join('\n') + '\n');
  const yaml = await readFile(path.join(target, 'pipeline.yaml'), 'utf8');
  await writeFile(
    path.join(target, 'pipeline.yaml'),
    yaml.replace(/afterCorrections: \d+/, `afterCorrections: ${afterCorrections}`),
  );
  return loadPipeline(dir, PIPELINE_ID);
}

async function finishedRun(t: TestDb, runId: string): Promise<TrainingRun> {
  for (let i = 0; i < 2000; i++) {
    const run = (await listTrainingRuns(t.db, PIPELINE_ID)).find((r) => r.id === runId);
    if (run?.finishedAt) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`training run ${runId} did not finish`);
}

describe('automatic retraining (PostgreSQL server, Redis, a training thread)', () => {
  let t: TestDb;
  let h: Harness;
  let dir = '';
  let pipeline: Pipeline;
  const messages: string[] = [];

  beforeAll(async () => {
    t = await openTestDb('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'rl-retrain-'));
    pipeline = await smallPipeline(dir, 2);
    h = createHarness(t.db);
    h.ctx.loadPipeline = () => Promise.resolve(pipeline);
    h.startWorkers();
    for (const name of ['01-body-only.eml', '02-pdf-letter.eml']) {
      const { messageId } = await receiveMail(t.db, h.enqueueNext, await readFile(`fixtures/mail/${name}`), {
        pipelineId: PIPELINE_ID,
        source: name,
      });
      messages.push(messageId);
    }
    await waitForMessages(t.db, messages, { timeoutMs: 120_000, progress: false });
  }, TIMEOUT_MS);

  afterAll(async () => {
    await h.close();
    await t.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'enqueues a retraining once enough reviewer tags were written, trains in a thread, promotes, reclassifies and keeps reviewer tags',
    async () => {
      const connection = connectRedis(REDIS_URL, 'worker');
      const queue = createTrainQueue(connectRedis(REDIS_URL, 'producer'), h.prefix);
      const worker = startTrainWorker(h.ctx, connection, h.prefix);
      try {
        expect(await checkRetrainDue(h.ctx, queue)).toEqual([]);
        const [first] = await t.db.query<{ id: string }>(
          `SELECT id FROM passages WHERE message_id = $1 AND boilerplate IS NULL ORDER BY seq LIMIT 1`,
          [messages[0] ?? ''],
        );
        await t.db.query(
          `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES
             ($1, 'item', 'A2-PEP', 'reviewer', 1, 'reviewer'), ($1, 'stance', 'erfahrung', 'reviewer', 1, 'reviewer')`,
          [first?.id ?? ''],
        );
        const reviewerBefore = await t.db.query(`SELECT * FROM tags WHERE source = 'reviewer' ORDER BY label`);
        const [runId] = await checkRetrainDue(h.ctx, queue);
        expect(runId).toMatch(/^trn_/);
        const run = await finishedRun(t, runId ?? '');
        expect(run).toMatchObject({ reason: 'corrections', error: null, promoted: true, reclassified: 2, heldOut: 0 });
        expect(run.candidate).toMatch(/^mdl_/);
        expect((await latestModelInfo(t.db, PIPELINE_ID, FEATURE_VERSION))?.id).toBe(run.candidate);
        expect(Array.isArray(run.changes)).toBe(true);
        await waitForMessages(t.db, messages, { timeoutMs: 120_000, progress: false });
        expect(await t.db.query(`SELECT * FROM tags WHERE source = 'reviewer' ORDER BY label`)).toEqual(reviewerBefore);
        const versions = await t.db.query<{ v: string }>(
          `SELECT DISTINCT model_version AS v FROM tags WHERE source IN ('model', 'rule') AND model_version LIKE 'mdl_%'`,
        );
        expect(versions.map((r) => r.v)).toEqual([run.candidate]);
        expect(await checkRetrainDue(h.ctx, queue)).toEqual([]); // the run reset the count
      } finally {
        await worker.close();
        await queue.close();
        connection.disconnect();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'compares on held-out reviewer examples and records both figures when an admin asks',
    async () => {
      const dev = (await readFile(path.join('pipelines', PIPELINE_ID, 'training', 'dev.jsonl'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .slice(0, 80)
        .map((l, i) => {
          const d = JSON.parse(l) as { id: string; text: string; items: string[]; topics: string[]; stance: string };
          return { line: i + 1, sourceId: d.id, text: d.text, items: d.items, topics: d.topics, stance: d.stance };
        });
      await saveLabelImport(t.db, {
        pipelineId: PIPELINE_ID,
        fileName: 'dev-head.jsonl',
        bytes: new TextEncoder().encode(JSON.stringify(dev)),
        format: 'jsonl',
        importedBy: 'test',
        rows: dev,
      });
      const connection = connectRedis(REDIS_URL, 'worker');
      const queue = createTrainQueue(connectRedis(REDIS_URL, 'producer'), h.prefix);
      const worker = startTrainWorker(h.ctx, connection, h.prefix);
      try {
        const runId = await requestRetraining(queue, { pipelineId: PIPELINE_ID, reason: 'admin', requestedBy: 'ada' });
        const run = await finishedRun(t, runId);
        expect(run).toMatchObject({ reason: 'admin', requestedBy: 'ada', error: null });
        expect(run.heldOut).toBeGreaterThanOrEqual(10);
        expect(run.before?.items).toBeGreaterThanOrEqual(0);
        expect(run.after?.items).toBeGreaterThanOrEqual(0);
        // Promoted exactly when the candidate is not worse on the held-out reviewer examples.
        const score = (f: NonNullable<TrainingRun['before']>) => (f.items + f.topics + f.stance) / 3;
        expect(run.promoted).toBe(score(run.after!) >= score(run.before!) - 1e-4);
      } finally {
        await worker.close();
        await queue.close();
        connection.disconnect();
      }
    },
    TIMEOUT_MS,
  );
});
