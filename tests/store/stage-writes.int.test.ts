import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putBlob } from '../../src/store/blobs.ts';
import { advanceMessage, advanceWhenExtracted, getMessage, insertMessage } from '../../src/store/messages.ts';
import { recordExtraction, recordExtractionFailure } from '../../src/store/documents.ts';
import { recordParsedMail } from '../../src/store/parsed-mail.ts';
import { recordClassification } from '../../src/store/passages.ts';
import { readClassifyInput, readExtractInput } from '../../src/store/stage-inputs.ts';
import type { DocumentInput, ParsedMail, Passage } from '../../src/core/types.ts';
import { documentId } from '../../src/store/documents.ts';
import { ENGINES, openTestDb, type TestDb } from '../helpers/services.ts';

/** Issue 7: the stage writes became single statements; these pin their guarantees. */
const doc = (path: string, text: string): DocumentInput => ({
  path,
  kind: path === 'body' ? 'body' : 'attachment',
  filename: null,
  declaredType: 'text/plain',
  bytes: Buffer.from(text),
  origin: null,
});
const mail = (documents: DocumentInput[]): ParsedMail => ({
  messageId: null,
  from: 'a@kreis.de',
  fromName: null,
  subject: 's',
  date: null,
  documents,
  warnings: [],
});
const passage = (seq: number, text: string): Passage => ({
  seq,
  text,
  page: null,
  start: 0,
  end: text.length,
  boilerplate: null,
  heading: null,
});

describe.each(ENGINES)('stage writes on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(engine);
  });
  afterEach(async () => t.drop());

  async function receivedMessage(id: string) {
    const rawSha256 = await putBlob(t.db, Buffer.from(`raw ${id}`));
    await insertMessage(t.db, {
      id,
      pipelineId: 'p',
      rawSha256,
      headerMessageId: null,
      contentHash: id,
      source: 'test',
    });
  }
  const count = async (sql: string, id: string) => (await t.db.query<{ n: number }>(sql, [id]))[0]?.n;

  it('records a parse once, with documents sharing one blob, and nothing for a superseded generation', async () => {
    await receivedMessage('msg_p');
    expect(await recordParsedMail(t.db, 'msg_p', 2, mail([doc('body', 'same'), doc('att1', 'same')]))).toBe(false);
    expect(await count('SELECT count(*)::int AS n FROM documents WHERE message_id = $1', 'msg_p')).toBe(0);
    expect(await recordParsedMail(t.db, 'msg_p', 1, mail([doc('body', 'same'), doc('att1', 'same')]))).toBe(true);
    expect(await recordParsedMail(t.db, 'msg_p', 1, mail([doc('body', 'same')]))).toBe(false); // a redelivered job
    expect(
      await count(`SELECT count(*)::int AS n FROM documents WHERE message_id = $1 AND state = 'pending'`, 'msg_p'),
    ).toBe(2);
    expect((await getMessage(t.db, 'msg_p')).state).toBe('parsed');
    const input = await readExtractInput(t.db, documentId('msg_p', 'att1'), 1);
    expect(Buffer.from(input.bytes ?? []).toString()).toBe('same');
    expect((await readExtractInput(t.db, documentId('msg_p', 'att1'), 2)).bytes).toBeNull();
  });

  it('moves a message to extracted exactly once, and only when no document is pending', async () => {
    await receivedMessage('msg_f');
    await recordParsedMail(t.db, 'msg_f', 1, mail([doc('body', 'a'), doc('att1', 'b')]));
    const extracted = { format: 'text', text: 'a', blocks: [], pageCount: null };
    await recordExtraction(t.db, documentId('msg_f', 'body'), 'v', extracted);
    expect(await advanceWhenExtracted(t.db, 'msg_f', 1)).toBe(false);
    await recordExtraction(t.db, documentId('msg_f', 'att1'), 'v', extracted);
    const results = await Promise.all([1, 2, 3].map(() => advanceWhenExtracted(t.db, 'msg_f', 1)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("moves the message with the last document's own write, in its generation only", async () => {
    await receivedMessage('msg_l');
    await recordParsedMail(t.db, 'msg_l', 1, mail([doc('body', 'a'), doc('att1', 'b')]));
    const extracted = { format: 'text', text: 'a', blocks: [], pageCount: null };
    expect(await recordExtraction(t.db, documentId('msg_l', 'body'), 'v', extracted, 1)).toBe(false); // att1 pending
    expect(
      await recordExtractionFailure(
        t.db,
        documentId('msg_l', 'att1'),
        'v',
        { code: 'extract.corrupt', detail: 'd' },
        2,
      ),
    ).toBe(false); // stale generation
    expect((await getMessage(t.db, 'msg_l')).state).toBe('parsed');
    expect(await advanceWhenExtracted(t.db, 'msg_l', 1)).toBe(true); // the separate fan-in still finds it

    await receivedMessage('msg_m');
    await recordParsedMail(t.db, 'msg_m', 1, mail([doc('body', 'a')]));
    expect(await recordExtraction(t.db, documentId('msg_m', 'body'), 'v', extracted, 1)).toBe(true);
    expect(await recordExtraction(t.db, documentId('msg_m', 'body'), 'v', extracted, 1)).toBe(false); // a redelivery
    expect((await getMessage(t.db, 'msg_m')).state).toBe('extracted');
  });

  it('lets the fan-in happen once when the last two documents finish together', async () => {
    await receivedMessage('msg_t');
    await recordParsedMail(t.db, 'msg_t', 1, mail([doc('body', 'a'), doc('att1', 'b')]));
    const extracted = { format: 'text', text: 'a', blocks: [], pageCount: null };
    // Each job's write, then (when its write did not move the message) its separate fan-in, as the extract worker does.
    const finish = async (path: string) =>
      (await recordExtraction(t.db, documentId('msg_t', path), 'v', extracted, 1)) ||
      advanceWhenExtracted(t.db, 'msg_t', 1);
    const moved = await Promise.all([finish('body'), finish('att1')]);
    expect(moved.filter(Boolean)).toHaveLength(1);
    expect((await getMessage(t.db, 'msg_t')).state).toBe('extracted');
  });

  it('classifies only the generation it read, all or nothing, and never twice', async () => {
    await receivedMessage('msg_c');
    await recordParsedMail(t.db, 'msg_c', 1, mail([doc('body', 'a')]));
    const docId = documentId('msg_c', 'body');
    await recordExtraction(t.db, docId, 'v', { format: 'text', text: 'Zu Nr. 7', blocks: [], pageCount: null });
    await advanceMessage(t.db, 'msg_c', 'parsed', 'extracted', 1);
    const input = await readClassifyInput(t.db, 'msg_c', 1, 'features-x');
    expect(input.documents.map((d) => d.id)).toEqual([docId]);
    const tagged = [
      {
        documentId: docId,
        tagged: [
          {
            passage: passage(0, 'Zu Nr. 7'),
            tags: [{ dimension: 'item' as const, label: 'A1', source: 'rule' as const, confidence: 0.9, reason: 'r' }],
            needsReview: false,
          },
        ],
      },
    ];
    // A reprocess bumped the generation after the job read its input: nothing is written.
    await t.db.query('UPDATE messages SET generation = 2 WHERE id = $1', ['msg_c']);
    expect(await recordClassification(t.db, 'msg_c', 1, tagged, 'm1')).toBe(false);
    expect(await count('SELECT count(*)::int AS n FROM passages WHERE message_id = $1', 'msg_c')).toBe(0);
    expect(await recordClassification(t.db, 'msg_c', 2, tagged, 'm1')).toBe(true);
    expect(await recordClassification(t.db, 'msg_c', 2, tagged, 'm1')).toBe(false);
    expect((await getMessage(t.db, 'msg_c')).state).toBe('classified');
    expect(
      await count(
        'SELECT count(*)::int AS n FROM tags t JOIN passages p ON p.id = t.passage_id WHERE p.message_id = $1',
        'msg_c',
      ),
    ).toBe(1);
  });
});
