import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putBlob } from '../../src/store/blobs.ts';
import { getMessage, insertMessage } from '../../src/store/messages.ts';
import { documentId } from '../../src/store/documents.ts';
import { recordParsedMail } from '../../src/store/parsed-mail.ts';
import { recordMessageExtractions, type ExtractionOutcome } from '../../src/store/extraction-writes.ts';
import type { DocumentInput, ExtractedDocument } from '../../src/core/types.ts';
import { ENGINES, openTestDb, type TestDb } from '../helpers/services.ts';

/** The chained extract stage's write: all documents of a message and the fan-in in one statement. */
const doc = (path: string): DocumentInput => ({
  path,
  kind: path === 'body' ? 'body' : 'attachment',
  filename: null,
  declaredType: 'text/plain',
  bytes: Buffer.from(`bytes of ${path}`),
  origin: null,
});
const extracted = (text: string): ExtractedDocument => ({
  format: 'text',
  text,
  blocks: [{ kind: 'paragraph', text, page: null, start: 0, end: text.length }],
  pageCount: 3,
  truncated: 'page cap 3 of 5',
});

describe.each(ENGINES)('recordMessageExtractions on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(engine);
  });
  afterEach(async () => t.drop());

  async function parsedMessage(id: string, paths: string[]) {
    const rawSha256 = await putBlob(t.db, Buffer.from(`raw ${id}`));
    await insertMessage(t.db, { id, pipelineId: 'p', rawSha256, headerMessageId: null, contentHash: id, source: 't' });
    const mail = { messageId: null, from: null, fromName: null, subject: null, date: null, warnings: [] };
    await recordParsedMail(t.db, id, 1, { ...mail, documents: paths.map(doc) });
  }
  const outcome = (id: string, path: string, result: ExtractionOutcome['result']): ExtractionOutcome => ({
    documentId: documentId(id, path),
    extractorVersion: 'x-1',
    result,
  });
  const documents = (id: string) =>
    t.db.query<{
      path: string;
      state: string;
      text: string | null;
      page_count: number | null;
      error_code: string | null;
    }>('SELECT path, state, text, page_count, error_code FROM documents WHERE message_id = $1 ORDER BY position', [id]);

  it('records every document and moves the message on in one call, once', async () => {
    await parsedMessage('m1', ['body', 'a.pdf', 'b.bin']);
    const outcomes = [
      outcome('m1', 'body', { ok: true, value: extracted('Hallo') }),
      outcome('m1', 'a.pdf', { ok: false, error: { code: 'extract.encrypted', detail: 'locked' } }),
      outcome('m1', 'b.bin', { ok: false, error: { code: 'extract.unsupported_type', detail: 'binary' } }),
    ];
    expect(await recordMessageExtractions(t.db, 'm1', 1, outcomes)).toBe(true);
    expect(await documents('m1')).toEqual([
      { path: 'body', state: 'extracted', text: 'Hallo', page_count: 3, error_code: null },
      { path: 'a.pdf', state: 'failed', text: null, page_count: null, error_code: 'extract.encrypted' },
      { path: 'b.bin', state: 'unsupported', text: null, page_count: null, error_code: 'extract.unsupported_type' },
    ]);
    expect((await getMessage(t.db, 'm1')).state).toBe('extracted');
    // A redelivery writes the same rows again but does not move the message a second time.
    expect(await recordMessageExtractions(t.db, 'm1', 1, outcomes)).toBe(false);
    expect((await documents('m1')).map((d) => d.state)).toEqual(['extracted', 'failed', 'unsupported']);
  });

  it('leaves the message waiting while a document (a scan on its way to OCR) is still pending', async () => {
    await parsedMessage('m2', ['body', 'scan.pdf']);
    const body = outcome('m2', 'body', { ok: true, value: extracted('Text') });
    expect(await recordMessageExtractions(t.db, 'm2', 1, [body])).toBe(false);
    expect((await getMessage(t.db, 'm2')).state).toBe('parsed');
    expect((await documents('m2')).map((d) => d.state)).toEqual(['extracted', 'pending']);
  });

  it('does not move a message of another generation (superseded by a reprocess)', async () => {
    await parsedMessage('m3', ['body']);
    const body = outcome('m3', 'body', { ok: true, value: extracted('Text') });
    expect(await recordMessageExtractions(t.db, 'm3', 2, [body])).toBe(false);
    expect((await getMessage(t.db, 'm3')).state).toBe('parsed');
  });
});
