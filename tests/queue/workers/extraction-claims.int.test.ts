import { describe, expect, it } from 'vitest';
import { putBlob } from '../../../src/store/blobs.ts';
import { getMessage, insertMessage } from '../../../src/store/messages.ts';
import {
  claimDocument,
  documentId,
  listUnclaimedPendingDocuments,
  recordExtractionFailure,
  writeExtraction,
  writeExtractionFailure,
} from '../../../src/store/documents.ts';
import { recordParsedMail } from '../../../src/store/parsed-mail.ts';
import { requeueUnfinished } from '../../../src/queue/requeue-unfinished.ts';
import type { DocumentInput, ExtractedDocument } from '../../../src/core/types.ts';
import { usePipelineRun } from '../../helpers/pipeline-harness.ts';

/**
 * docs/reliability.md, class 2: the requeue sweep enqueued extractions of documents still being extracted, and a late
 * failure (`recordExtractionFailure` by id alone) overwrote a finished document — text NULL while its passages were
 * live. Every terminal write is now conditional on the document being pending and on the writer's claim.
 */
const doc = (path: string): DocumentInput => ({
  path,
  kind: path === 'body' ? 'body' : 'attachment',
  filename: null,
  declaredType: 'text/plain',
  bytes: Buffer.from(`Zu Anlage 1 Nr. 7: ${path}`),
  origin: null,
});
const extracted: ExtractedDocument = {
  format: 'text',
  text: 'Zu Anlage 1 Nr. 7: Stellungnahme',
  blocks: [],
  pageCount: null,
};

describe('extraction claims (PostgreSQL server)', () => {
  const run = usePipelineRun('postgres', { workers: false });

  async function parsedMessage(id: string, paths: string[]) {
    const rawSha256 = await putBlob(run.t.db, Buffer.from(`raw ${id}`));
    await insertMessage(run.t.db, {
      id,
      pipelineId: 'p',
      rawSha256,
      headerMessageId: null,
      contentHash: id,
      source: 'test',
    });
    await recordParsedMail(run.t.db, id, 1, {
      messageId: null,
      from: 'a@kreis.de',
      fromName: null,
      subject: 's',
      date: null,
      documents: paths.map(doc),
      warnings: [],
    });
  }
  const state = async (id: string) =>
    (
      await run.t.db.query<{ state: string; text: string | null; error_code: string | null }>(
        'SELECT state, text, error_code FROM documents WHERE id = $1',
        [id],
      )
    )[0];

  it('never lets a late or second run overwrite a finished document', async () => {
    const { db } = run.t;
    await parsedMessage('msg_c', ['body']);
    const id = documentId('msg_c', 'body');
    const first = await claimDocument(db, id, 'worker-a');
    expect(first).not.toBeNull();
    expect(await claimDocument(db, id, 'worker-b')).toBeNull(); // worker-a beats (the claim itself touched it)
    // The failure recorded after a job's last retry does not land while a live run holds the document.
    expect(await recordExtractionFailure(db, id, 'v', { code: 'extract.failed', detail: 'x' }, 1)).toBe(false);
    expect(await state(id)).toMatchObject({ state: 'pending' });
    const done = await writeExtraction(db, id, 'v', extracted, 1, first);
    expect(done).toEqual({ written: true, moved: true });
    // The late failure of the same run (or any other) after the document finished: refused, text kept.
    const late = await writeExtractionFailure(db, id, 'v', { code: 'extract.timeout', detail: 'late' }, 1, first);
    expect(late.written).toBe(false);
    expect(await recordExtractionFailure(db, id, 'v', { code: 'extract.failed', detail: 'x' }, 1)).toBe(false);
    expect(await state(id)).toEqual({ state: 'extracted', text: extracted.text, error_code: null });
    expect((await getMessage(db, 'msg_c')).state).toBe('extracted');
  });

  it('refuses the write of a run whose claim was superseded, and lets a dead process’s claim lapse', async () => {
    const { db } = run.t;
    await parsedMessage('msg_d', ['body']);
    const id = documentId('msg_d', 'body');
    const dead = await claimDocument(db, id, 'worker-dead');
    await db.query(
      `UPDATE worker_heartbeats SET seen_at = now() - interval '1 minute' WHERE worker_id = 'worker-dead'`,
    );
    const next = await claimDocument(db, id, 'worker-live');
    expect(next).toBe((dead ?? 0) + 1);
    expect((await writeExtractionFailure(db, id, 'v', { code: 'extract.timeout', detail: 'x' }, 1, dead)).written).toBe(
      false,
    );
    expect((await writeExtraction(db, id, 'v', extracted, 1, next)).written).toBe(true);
  });

  it('the requeue sweep leaves documents that a live run is extracting alone', async () => {
    const { t, h } = run;
    await parsedMessage('msg_s', ['body', 'att1']);
    await claimDocument(t.db, documentId('msg_s', 'body'), 'worker-busy');
    expect(await listUnclaimedPendingDocuments(t.db, 'msg_s')).toEqual([documentId('msg_s', 'att1')]);
    await requeueUnfinished(h.ctx);
    const jobs = await h.queues.extract.getJobs(['waiting']);
    expect(jobs.map((j) => (j.data as { documentId: string }).documentId)).toEqual([documentId('msg_s', 'att1')]);
  });
});
