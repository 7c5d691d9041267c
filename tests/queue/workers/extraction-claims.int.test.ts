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
import { recordParsedMail, recordParsedMailClaimed } from '../../../src/store/parsed-mail.ts';
import { writeMessageExtractions } from '../../../src/store/extraction-writes.ts';
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

  // The chained stages' one-statement write (store/extraction-writes.ts) under the same claims as the per-document one.
  it('records a message’s documents in one statement only under their claims, and a late or duplicate run never overwrites', async () => {
    const { db } = run.t;
    const rawSha256 = await putBlob(db, Buffer.from('raw msg_m'));
    await insertMessage(db, {
      id: 'msg_m',
      pipelineId: 'p',
      rawSha256,
      headerMessageId: null,
      contentHash: 'm',
      source: 't',
    });
    const mail = { messageId: null, from: 'a@kreis.de', fromName: null, subject: 's', date: null, warnings: [] };
    const parsed = await recordParsedMailClaimed(
      db,
      'msg_m',
      1,
      { ...mail, documents: ['body', 'att1'].map(doc) },
      'worker-a',
    );
    const [body, att] = [documentId('msg_m', 'body'), documentId('msg_m', 'att1')];
    expect(parsed.moved).toBe(true);
    expect(parsed.attempts).toEqual(
      new Map([
        [body, 1],
        [att, 1],
      ]),
    );
    // Inserted claimed: the sweep leaves both alone while worker-a beats, and nobody else can claim them.
    await db.query(`INSERT INTO worker_heartbeats (worker_id) VALUES ('worker-a')`);
    expect(await listUnclaimedPendingDocuments(db, 'msg_m')).toEqual([]);
    expect(await claimDocument(db, body, 'worker-b')).toBeNull();
    // A run holding a stale token (e.g. a duplicate run that claimed before a reprocess bumped the attempt) writes nothing.
    const stale = await writeMessageExtractions(db, 'msg_m', 1, [
      { documentId: body, attempt: 0, kind: 'extracted', version: 'v', doc: extracted },
      { documentId: att, attempt: 0, kind: 'failed', version: 'v', failure: { code: 'extract.failed', detail: 'x' } },
    ]);
    expect(stale).toEqual({ written: new Set(), moved: false });
    expect(await state(body)).toMatchObject({ state: 'pending', text: null });
    // The holder: the body extracted, the attachment given back (a scan for OCR): written, but the message waits.
    const first = await writeMessageExtractions(db, 'msg_m', 1, [
      { documentId: body, attempt: 1, kind: 'extracted', version: 'v', doc: extracted },
      { documentId: att, attempt: 1, kind: 'release' },
    ]);
    expect(first).toEqual({ written: new Set([body]), moved: false });
    expect((await getMessage(db, 'msg_m')).state).toBe('parsed');
    expect(await listUnclaimedPendingDocuments(db, 'msg_m')).toEqual([att]); // released: the OCR job may claim it
    // A late run of the same claim after the body finished: refused, text kept.
    const late = await writeMessageExtractions(db, 'msg_m', 1, [
      {
        documentId: body,
        attempt: 1,
        kind: 'failed',
        version: 'v',
        failure: { code: 'extract.timeout', detail: 'late' },
      },
    ]);
    expect(late.written.size).toBe(0);
    expect(await state(body)).toEqual({ state: 'extracted', text: extracted.text, error_code: null });
    // The OCR run claims the attachment (attempt 2); the old token no longer writes it; the new one moves the message.
    const ocr = await claimDocument(db, att, 'worker-b');
    expect(ocr).toBe(2);
    const old = await writeMessageExtractions(db, 'msg_m', 1, [
      { documentId: att, attempt: 1, kind: 'extracted', version: 'v', doc: extracted },
    ]);
    expect(old).toEqual({ written: new Set(), moved: false });
    const done = await writeMessageExtractions(db, 'msg_m', 1, [
      {
        documentId: att,
        attempt: 2,
        kind: 'failed',
        version: 'v',
        failure: { code: 'extract.unsupported_type', detail: 'y' },
      },
    ]);
    expect(done).toEqual({ written: new Set([att]), moved: true });
    expect(await state(att)).toMatchObject({ state: 'unsupported', error_code: 'extract.unsupported_type' });
    expect((await getMessage(db, 'msg_m')).state).toBe('extracted');
    // A duplicate parse of the message inserts and claims nothing.
    const again = await recordParsedMailClaimed(db, 'msg_m', 1, { ...mail, documents: ['body'].map(doc) }, 'worker-c');
    expect(again).toEqual({ moved: false, attempts: new Map() });
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

  // docs/reliability.md, class 4: PostgreSQL's text and jsonb cannot hold U+0000; a NUL that slipped past the
  // extractors failed the write five times, then the message. The store's last guard keeps offsets (a space).
  it('stores text with a NUL that reached the store, the NUL replaced in place', async () => {
    const { db } = run.t;
    await parsedMessage('msg_n', ['body']);
    const id = documentId('msg_n', 'body');
    const text = 'Zu Anlage 1 Nr. 7:\0 Frist zu kurz.';
    const blocks = [{ kind: 'paragraph' as const, text, page: null, start: 0, end: text.length }];
    const write = await writeExtraction(db, id, 'v', { ...extracted, text, blocks }, 1, null);
    expect(write.written).toBe(true);
    const [row] = await db.query<{ text: string; block: string }>(
      `SELECT text, blocks->0->>'text' AS block FROM documents WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ text: 'Zu Anlage 1 Nr. 7:  Frist zu kurz.', block: 'Zu Anlage 1 Nr. 7:  Frist zu kurz.' });
  });
});
