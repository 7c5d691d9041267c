import { readFile, readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { requeueUnfinished } from '../../src/queue/requeue-unfinished.ts';
import { listPassageRecords } from '../../src/store/passage-records.ts';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { stageDuration } from '../../src/ops/metrics.ts';
import { ENGINES, openTestDb, type TestDb } from '../helpers/services.ts';
import { createHarness, PIPELINE_ID, waitForStageJobs, type Harness } from '../helpers/pipeline-harness.ts';

const MAIL_DIR = 'fixtures/mail/';

/** How many runs of a stage the stage latency histogram has seen in this process. */
async function stagesTimed(stage: string): Promise<number> {
  const { values } = await stageDuration.get();
  return (
    values.find((v) => v.metricName === 'ruecklauf_stage_duration_seconds_count' && v.labels.stage === stage)?.value ??
    0
  );
}
const readMail = (name: string) => readFile(MAIL_DIR + name);

// Both engines with the default chained stages, and PostgreSQL with a job per stage (STAGE_CHAINING=off).
const RUNS = [
  ...ENGINES.map((engine) => ({ engine, chainStages: true })),
  { engine: 'postgres' as const, chainStages: false },
];

describe.each(RUNS)('pipeline on $engine, stages chained: $chainStages', ({ engine, chainStages }) => {
  let t: TestDb;
  let h: Harness;
  beforeEach(async () => {
    t = await openTestDb(engine);
    h = createHarness(t.db, undefined, { chainStages });
  });
  afterEach(async () => {
    await h.close();
    await t.drop();
  });

  const receive = async (raw: Uint8Array, source = 'test') =>
    receiveMail(t.db, h.enqueueNext, raw, { pipelineId: PIPELINE_ID, source });
  const settle = (ids: string[]) => waitForMessages(t.db, ids, { timeoutMs: 60_000, progress: false });

  it('takes every fixture mail to a terminal state with tagged passages for every body and attachment', async () => {
    const timedBefore = { extract: await stagesTimed('extract'), classify: await stagesTimed('classify') };
    h.startWorkers();
    const names = (await readdir(MAIL_DIR)).filter((n) => n.endsWith('.eml')).sort();
    expect(names.length).toBeGreaterThanOrEqual(6);
    const ids = [];
    for (const n of names) ids.push((await receive(await readMail(n), n)).messageId);
    const counts = await settle(ids);
    expect((counts.classified ?? 0) + (counts.failed ?? 0)).toBe(ids.length);
    expect(counts.classified).toBe(ids.length);

    // Every extracted document yields passages, and the export names its source.
    const docs = await t.db.query<{ id: string; state: string; n: number }>(
      `SELECT d.id, d.state, (SELECT count(*)::int FROM passages p WHERE p.document_id = d.id) AS n FROM documents d`,
    );
    for (const d of docs.filter((x) => x.state === 'extracted')) expect(d.n).toBeGreaterThan(0);
    const records = await listPassageRecords(t.db, PIPELINE_ID);
    expect(records.some((r) => r.source.kind === 'attachment' && r.source.filename?.endsWith('.pdf'))).toBe(true);
    expect(records.some((r) => r.source.kind === 'attachment' && r.source.filename?.endsWith('.docx'))).toBe(true);
    expect(records.some((r) => r.source.kind === 'body')).toBe(true);
    // An explicit reference in a fixture letter lands on its item, with the rule that found it as the reason.
    const tagged = records.filter((r) => r.items.length > 0);
    expect(tagged.length).toBeGreaterThan(5);
    const reasons = await t.db.query<{ reason: string }>(`SELECT reason FROM tags WHERE dimension = 'item' LIMIT 50`);
    expect(reasons.some((r) => r.reason.startsWith('reference'))).toBe(true);

    // Chained, a mail was one job (a scan's OCR job then moved its mail on); otherwise every document had its extract
    // job and every mail its classify job.
    await waitForStageJobs(h.queues); // a classify job completes after its message reads "classified"
    const jobs = async (q: keyof Harness['queues']) => (await h.queues[q].getJobCounts('completed')).completed;
    const scans = 1; // 09-scanned-letter.eml
    expect(await jobs('parse')).toBe(ids.length);
    expect(await jobs('ocr')).toBe(scans);
    expect(await jobs('extract')).toBe(chainStages ? 0 : docs.length);
    expect(await jobs('classify')).toBe(chainStages ? scans : ids.length);
    // Either way the latency histogram saw every document's extraction and every message's classification.
    expect((await stagesTimed('extract')) - timedBefore.extract).toBe(docs.length);
    expect((await stagesTimed('classify')) - timedBefore.classify).toBe(ids.length);
  });

  it('stores the same mail ingested twice as one message, and does not run it again', async () => {
    h.startWorkers();
    const raw = await readMail('01-body-only.eml');
    const first = await receive(raw);
    await settle([first.messageId]);
    const passagesBefore = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages');
    const second = await receive(raw);
    expect(second.messageId).toBe(first.messageId);
    expect(second.inserted).toBe(false);
    expect(second.message.state).toBe('classified');
    const rows = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
    expect(rows[0]?.n).toBe(1);
    const passagesAfter = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM passages');
    expect(passagesAfter[0]?.n).toBe(passagesBefore[0]?.n);
  });

  it('fails a corrupt PDF alone with a clear reason while the DOCX of the same mail succeeds', async () => {
    h.startWorkers();
    const { messageId } = await receive(await readMail('06-corrupt-pdf-and-docx.eml'));
    await settle([messageId]);
    const docs = await t.db.query<{
      filename: string | null;
      state: string;
      error_code: string | null;
      error_detail: string | null;
    }>(
      `SELECT filename, state, error_code, error_detail FROM documents WHERE message_id = $1 AND kind = 'attachment' ORDER BY position`,
      [messageId],
    );
    const pdf = docs.find((d) => d.filename?.endsWith('.pdf'));
    const docx = docs.find((d) => d.filename?.endsWith('.docx'));
    expect(pdf).toMatchObject({ state: 'failed', error_code: 'extract.corrupt' });
    expect(pdf?.error_detail).toMatch(/\S{10,}/);
    expect(docx).toMatchObject({ state: 'extracted', error_code: null });
    const msg = await t.db.query<{ state: string }>('SELECT state FROM messages WHERE id = $1', [messageId]);
    expect(msg[0]?.state).toBe('classified');
    const docxPassages = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.filename LIKE '%.docx' AND d.message_id = $1`,
      [messageId],
    );
    expect(docxPassages[0]?.n).toBeGreaterThan(0);
  });

  it('recovers messages whose queued jobs Redis lost, from PostgreSQL', async () => {
    // Received while no worker listened on these queues; then the queued jobs vanish as after a Redis restart.
    const { messageId } = await receive(await readMail('01-body-only.eml'));
    await h.queues.parse.obliterate({ force: true });
    expect(await h.queues.parse.getJobCounts('waiting')).toMatchObject({ waiting: 0 });
    h.startWorkers();
    expect(await requeueUnfinished(h.ctx)).toBe(1);
    const counts = await settle([messageId]);
    expect(counts.classified).toBe(1);
  });
});

describe('attribution of forwarded replies (PostgreSQL server)', () => {
  it('exports the passages of a forwarded reply under the county that wrote it', async () => {
    const t = await openTestDb('postgres');
    const h = createHarness(t.db);
    try {
      h.startWorkers();
      const { messageId } = await receiveMail(t.db, h.enqueueNext, await readMail('04-forwarded-bundle.eml'), {
        pipelineId: PIPELINE_ID,
        source: 'test',
      });
      await waitForMessages(t.db, [messageId], { timeoutMs: 60_000, progress: false });
      const records = await listPassageRecords(t.db, PIPELINE_ID);
      const kirchenasyl = records.find((r) => r.items.includes('A1-KIRCHENASYL'));
      expect(kirchenasyl?.message).toMatchObject({
        from: 'auslaenderbehoerde@kvbarnim.de',
        messageId: '<barnim-2024-09-05@kvbarnim.de>',
      });
      const cover = records.find((r) => r.text.startsWith('anbei leiten wir'));
      expect(cover?.message.from).toBe('info@landkreistag-brandenburg.de');
    } finally {
      await h.close();
      await t.drop();
    }
  });
});

describe('scans through the OCR queue (PostgreSQL server)', () => {
  it('reads a scanned PDF by OCR in its own queue and tags what it says, recording the OCR confidence', async () => {
    const t = await openTestDb('postgres');
    const h = createHarness(t.db);
    try {
      h.startWorkers();
      const { messageId } = await receiveMail(t.db, h.enqueueNext, await readMail('09-scanned-letter.eml'), {
        pipelineId: PIPELINE_ID,
        source: 'test',
      });
      const counts = await waitForMessages(t.db, [messageId], { timeoutMs: 60_000, progress: false });
      expect(counts.classified).toBe(1);
      const [doc] = await t.db.query<{ state: string; extractor_version: string; ocr_confidence: number }>(
        `SELECT state, extractor_version, ocr_confidence FROM documents WHERE message_id = $1 AND kind = 'attachment'`,
        [messageId],
      );
      expect(doc).toMatchObject({ state: 'extracted', extractor_version: 'ocr-1' });
      expect(doc?.ocr_confidence).toBeGreaterThan(0.8);
      const completed = await h.queues.ocr.getJobCounts('completed');
      expect(completed.completed).toBe(1);
      const records = await listPassageRecords(t.db, PIPELINE_ID);
      expect(
        records.find((r) => r.source.filename === 'Scan_20240911.pdf' && r.items.includes('A1-IDENT'))?.source.page,
      ).toBe(1);
    } finally {
      await h.close();
      await t.drop();
    }
  });
});
