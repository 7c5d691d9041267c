import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putBlob } from '../../../src/store/blobs.ts';
import { insertMessage } from '../../../src/store/messages.ts';
import {
  lastLedgerUid,
  listAckDue,
  listLedger,
  markStaleAcksLost,
  otherUidvalidities,
  recordAcks,
  recordLedger,
} from '../../../src/store/ledger.ts';
import { ENGINES, openTestDb, type TestDb } from '../../helpers/services.ts';

describe.each(ENGINES)('mail ledger on %s', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb(engine);
  });
  afterEach(async () => t.drop());

  const MB = 'u@h:993/INBOX';
  const V = '4294967295'; // UIDVALIDITY is unsigned 32-bit: above int4
  async function message(id: string) {
    const rawSha256 = await putBlob(t.db, Buffer.from(id));
    await insertMessage(t.db, { id, pipelineId: 'p', rawSha256, headerMessageId: null, contentHash: id, source: 't' });
  }
  const row = (uid: number, messageId: string | null, state: 'stored' | 'refused' = 'stored') => ({
    mailbox: MB,
    uidvalidity: V,
    uid,
    pipelineId: 'p',
    messageId,
    state,
    reason: state === 'refused' ? 'too_large' : null,
    size: 10,
  });

  it('records a UID once, tracks the highest, and lists what is due for acknowledgement', async () => {
    await message('msg_a');
    await message('msg_b');
    expect(await lastLedgerUid(t.db, MB, V)).toBe(0);
    expect(await recordLedger(t.db, row(4294967294, 'msg_a'))).toBe(true);
    expect(await recordLedger(t.db, row(4294967294, 'msg_a'))).toBe(false);
    await recordLedger(t.db, row(7, 'msg_b'));
    await recordLedger(t.db, row(9, null, 'refused'));
    expect(await lastLedgerUid(t.db, MB, V)).toBe(4294967294);

    // Refused rows are due at once; stored ones when their message is terminal.
    expect((await listAckDue(t.db, MB, V)).map((r) => r.uid)).toEqual([9]);
    await t.db.query(`UPDATE messages SET state = 'classified' WHERE id = 'msg_a'`);
    const due = await listAckDue(t.db, MB, V);
    expect(due.map((r) => [r.uid, r.messageState])).toEqual([
      [9, null],
      [4294967294, 'classified'],
    ]);
    await recordAcks(t.db, MB, V, [9, 4294967294], 'done');
    expect(await listAckDue(t.db, MB, V)).toEqual([]);
    const all = await listLedger(t.db, MB, V);
    expect(all.map((r) => [r.uid, r.ack, r.ackedAt instanceof Date])).toEqual([
      [7, null, false],
      [9, 'done', true],
      [4294967294, 'done', true],
    ]);
  });

  it('writes off pending acknowledgements of an old UIDVALIDITY', async () => {
    await message('msg_a');
    await recordLedger(t.db, row(1, 'msg_a'));
    expect(await otherUidvalidities(t.db, MB, '5')).toEqual([V]);
    expect(await markStaleAcksLost(t.db, MB, '5')).toBe(1);
    expect(await markStaleAcksLost(t.db, MB, '5')).toBe(0);
    expect((await listLedger(t.db, MB, V))[0]?.ack).toBe('lost');
  });
});
