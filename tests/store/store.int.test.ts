import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putBlob, getBlob } from '../../src/store/blobs.ts';
import { sha256Hex } from '../../src/core/ids.ts';
import { advanceMessage, getMessage, insertMessage } from '../../src/store/messages.ts';
import { storeDocuments } from '../../src/store/documents.ts';
import { passageIds, replaceDocumentPassages, type TaggedPassage } from '../../src/store/passages.ts';
import { listPassageRecords } from '../../src/store/passage-records.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { Passage, Tag } from '../../src/core/types.ts';
import { ENGINES, openTestDb, type TestDb } from '../helpers/services.ts';

const passage = (seq: number, text: string): Passage => ({
  seq,
  text,
  page: null,
  start: 0,
  end: text.length,
  boilerplate: null,
  heading: null,
});
const tag = (dimension: Tag['dimension'], label: string, source: Tag['source'] = 'rule', confidence = 0.9): Tag => ({
  dimension,
  label,
  source,
  confidence,
  reason: 'test',
});

describe.each(ENGINES)('store on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(engine);
  });
  afterEach(async () => t.drop());

  async function newMessage(id: string, headerMessageId: string | null, contentHash: string) {
    const rawSha256 = await putBlob(t.db, Buffer.from(`raw ${id}`));
    return insertMessage(t.db, { id, pipelineId: 'p', rawSha256, headerMessageId, contentHash, source: 'test' });
  }

  it('stores bytes once under their sha256 and gives them back unchanged', async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 0x25, 0x50]);
    const sha = await putBlob(t.db, bytes);
    expect(await putBlob(t.db, bytes)).toBe(sha);
    expect(Buffer.from(await getBlob(t.db, sha)).equals(Buffer.from(bytes))).toBe(true);
    const rows = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM blobs');
    expect(rows[0]?.n).toBe(1);
  });

  it('migrations are idempotent', async () => {
    expect(await migrate(t.db)).toEqual([]);
  });

  it('inserts a message once and flags two different mails with one Message-ID', async () => {
    const a = await newMessage('msg_a', 'x@kreis.de', 'h1');
    expect(a.inserted).toBe(true);
    expect((await newMessage('msg_a', 'x@kreis.de', 'h1')).inserted).toBe(false);
    await newMessage('msg_b', 'x@kreis.de', 'h2');
    expect((await getMessage(t.db, 'msg_a')).conflict).toBe(true);
    expect((await getMessage(t.db, 'msg_b')).conflict).toBe(true);
  });

  it('stores a received mail and its message row in one statement, once', async () => {
    const raw = Buffer.from('From: a@kreis.de\r\n\r\nraw mail');
    const message = {
      id: 'msg_r',
      pipelineId: 'p',
      rawSha256: sha256Hex(raw),
      headerMessageId: null,
      contentHash: 'hr',
      source: 'test',
    };
    expect((await insertMessage(t.db, message, raw)).inserted).toBe(true);
    expect((await insertMessage(t.db, message, raw)).inserted).toBe(false);
    expect(Buffer.from(await getBlob(t.db, message.rawSha256)).equals(raw)).toBe(true);
    await expect(insertMessage(t.db, { ...message, id: 'msg_s', rawSha256: sha256Hex('other') }, raw)).rejects.toThrow(
      /does not hash/,
    );
  });

  it('lets exactly one of several concurrent state advances win', async () => {
    await newMessage('msg_c', null, 'h3');
    await advanceMessage(t.db, 'msg_c', 'received', 'parsed');
    const results = await Promise.all([1, 2, 3, 4].map(() => advanceMessage(t.db, 'msg_c', 'parsed', 'extracted')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('replaces machine tags on re-classification but never a reviewer tag', async () => {
    await newMessage('msg_d', null, 'h4');
    const [docId] = await storeDocuments(t.db, 'msg_d', [
      {
        path: 'body',
        kind: 'body',
        filename: null,
        declaredType: 'text/plain',
        bytes: Buffer.from('Zu Nr. 7'),
        origin: null,
      },
    ]);
    if (!docId) throw new Error('no document');
    const first: TaggedPassage[] = [
      {
        passage: passage(0, 'Zu Anlage 1 Nr. 7: Atteste'),
        tags: [tag('item', 'A1-ATTEST'), tag('stance', 'vorschlag')],
        needsReview: false,
      },
      { passage: passage(1, 'Mit freundlichen Grüßen'), tags: [tag('stance', 'neutral')], needsReview: false },
    ];
    await t.db.transaction((tx) => replaceDocumentPassages(tx, 'msg_d', docId, first, 'v1'));
    // A reviewer says passage 0 is about A1-DULDUNG.
    await t.db.query(
      `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, 'item', 'A1-DULDUNG', 'reviewer', 1, 'reviewer')`,
      [passageIds(docId, [first[0]!.passage])[0]!],
    );
    const second: TaggedPassage[] = [
      {
        passage: passage(0, 'Zu Anlage 1 Nr. 7: Atteste'),
        tags: [tag('item', 'A1-HAFT'), tag('stance', 'ablehnung')],
        needsReview: true,
      },
    ];
    await t.db.transaction((tx) => replaceDocumentPassages(tx, 'msg_d', docId, second, 'v2'));
    const tags = await t.db.query<{ label: string; source: string }>(
      'SELECT label, source FROM tags WHERE passage_id = $1 ORDER BY label',
      [passageIds(docId, [first[0]!.passage])[0]!],
    );
    expect(tags).toEqual([
      { label: 'A1-DULDUNG', source: 'reviewer' },
      { label: 'A1-HAFT', source: 'rule' },
      { label: 'ablehnung', source: 'rule' },
    ]);
    const passages = await t.db.query<{ seq: number }>('SELECT seq FROM passages WHERE document_id = $1', [docId]);
    expect(passages.map((p) => p.seq)).toEqual([0]); // the stale, untouched passage 1 is gone
    const [record] = await listPassageRecords(t.db, 'p');
    expect(record).toMatchObject({
      items: ['A1-DULDUNG'],
      stance: 'ablehnung',
      tagSource: 'reviewer',
      needsReview: true,
    });
  });

  it('keeps a reviewer-tagged passage that a re-extraction shifted or dropped, marking a dropped one superseded', async () => {
    await newMessage('msg_e', null, 'h5');
    const [docId] = await storeDocuments(t.db, 'msg_e', [
      { path: 'body', kind: 'body', filename: null, declaredType: 'text/plain', bytes: Buffer.from('x'), origin: null },
    ]);
    if (!docId) throw new Error('no document');
    const a = passage(0, 'Zu Nr. 2: Der Ausreisegewahrsam wird begrüßt.');
    const b = passage(1, 'Zu Nr. 7: Atteste werden kurzfristig vorgelegt.');
    await t.db.transaction((tx) =>
      replaceDocumentPassages(
        tx,
        'msg_e',
        docId,
        [a, b].map((p) => ({ passage: p, tags: [], needsReview: false })),
        'v1',
      ),
    );
    const [idA, idB] = passageIds(docId, [a, b]);
    for (const id of [idA, idB])
      await t.db.query(
        `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, 'stance', 'zustimmung', 'reviewer', 1, 'r')`,
        [id!],
      );
    // The new extraction puts a new passage first, keeps b (now seq 1) and no longer yields a.
    const c = passage(0, 'Vorbemerkung: Die Zuständigkeit liegt beim Land.');
    const b2 = { ...b, seq: 1 };
    await t.db.transaction((tx) =>
      replaceDocumentPassages(
        tx,
        'msg_e',
        docId,
        [c, b2].map((p) => ({ passage: p, tags: [], needsReview: false })),
        'v2',
      ),
    );
    const rows = await t.db.query<{ id: string; seq: number; superseded: boolean }>(
      'SELECT id, seq, superseded_at IS NOT NULL AS superseded FROM passages WHERE document_id = $1 ORDER BY text',
      [docId],
    );
    expect(rows).toEqual([
      { id: passageIds(docId, [c])[0], seq: 0, superseded: false },
      { id: idA, seq: 0, superseded: true },
      { id: idB, seq: 1, superseded: false },
    ]);
    const reviewerTags = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tags WHERE source = 'reviewer'`,
    );
    expect(reviewerTags[0]?.n).toBe(2);
  });
});
