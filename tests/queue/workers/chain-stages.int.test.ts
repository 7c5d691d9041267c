import { readFile, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { receiveMail } from '../../../src/ingest/receive-mail.ts';
import { waitForMessages } from '../../../src/cli/wait-for-messages.ts';
import { listPassageRecords } from '../../../src/store/passage-records.ts';
import { createHarness, PIPELINE_ID, usePipelineRun, waitForStageJobs } from '../../helpers/pipeline-harness.ts';
import { openTestDb } from '../../helpers/services.ts';

// Guards src/queue/workers/chain-stages.ts: a chained parse job that fails after the parse was recorded must not
// lose or duplicate anything; its retry continues through the stage queues.
describe('chained stages (PostgreSQL server)', () => {
  const run = usePipelineRun('postgres', { workers: false });

  it('continues through the extract and classify queues when extraction fails inside the parse job', async () => {
    const { t, h } = run;
    const real = h.ctx.extractor;
    let thrown = 0;
    h.ctx.extractor = {
      close: () => real.close(),
      get pids() {
        return real.pids;
      },
      extract: async (input, limits) => {
        if (thrown++ === 0) throw new Error('extraction thread lost (simulated)');
        return real.extract(input, limits);
      },
    };
    h.startWorkers();
    const raw = await readFile('fixtures/mail/06-corrupt-pdf-and-docx.eml');
    const { messageId } = await receiveMail(t.db, h.enqueueNext, raw, { pipelineId: PIPELINE_ID, source: 'test' });
    const counts = await waitForMessages(t.db, [messageId], { timeoutMs: 30_000, progress: false });
    await waitForStageJobs(h.queues);
    expect(counts.classified).toBe(1);
    expect(thrown).toBeGreaterThan(1); // the first extraction threw, later ones ran

    // The parse job failed once and was retried; the retry found the mail parsed and enqueued the stage jobs.
    expect((await h.queues.parse.getJobCounts('completed')).completed).toBe(1);
    expect((await h.queues.extract.getJobCounts('completed')).completed).toBeGreaterThan(0);
    expect((await h.queues.classify.getJobCounts('completed')).completed).toBe(1);
    const docs = await t.db.query<{ filename: string | null; state: string }>(
      `SELECT filename, state FROM documents WHERE message_id = $1 AND kind = 'attachment' ORDER BY position`,
      [messageId],
    );
    expect(docs.map((d) => d.state).sort()).toEqual(['extracted', 'failed']);
    // Every extracted document's passages exist once: one passage per (document, seq).
    const [dup] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT document_id, seq FROM passages GROUP BY 1, 2 HAVING count(*) > 1) x',
    );
    expect(dup?.n).toBe(0);
    const [passages] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM passages WHERE message_id = $1',
      [messageId],
    );
    expect(passages?.n).toBeGreaterThan(0);
  });

  // Chained classification uses the documents just extracted, not a read back of them: it must tag exactly as the
  // classify job does from what PostgreSQL stored.
  it('tags every fixture mail exactly as the stage jobs do', { timeout: 120_000 }, async () => {
    const names = (await readdir('fixtures/mail')).filter((n) => n.endsWith('.eml')).sort();
    const raws = await Promise.all(names.map((n) => readFile(`fixtures/mail/${n}`)));
    const outputs = [];
    for (const chainStages of [true, false]) {
      const t = await openTestDb('postgres');
      const h = createHarness(t.db, undefined, { chainStages });
      try {
        h.startWorkers();
        const ids = [];
        for (const raw of raws)
          ids.push(
            (await receiveMail(t.db, h.enqueueNext, raw, { pipelineId: PIPELINE_ID, source: 'test' })).messageId,
          );
        await waitForMessages(t.db, ids, { timeoutMs: 60_000, progress: false });
        await waitForStageJobs(h.queues);
        const records = await listPassageRecords(t.db, PIPELINE_ID);
        const offsets = await t.db.query<{ path: string; seq: number; char_start: number; char_end: number }>(
          'SELECT d.path, p.seq, p.char_start, p.char_end FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY d.message_id, d.path, p.seq',
        );
        outputs.push({ records: records.map((r) => JSON.stringify(r)).sort(), offsets });
      } finally {
        await h.close();
        await t.drop();
      }
    }
    const [chained, staged] = outputs;
    expect(chained?.records.length).toBeGreaterThan(20);
    expect(chained?.records).toEqual(staged?.records);
    expect(chained?.offsets).toEqual(staged?.offsets);
  });
});
