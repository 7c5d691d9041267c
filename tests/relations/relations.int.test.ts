import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toContract } from '../../src/cli/commands/export.ts';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { loadDomainTable } from '../../src/config/respondent-domains.ts';
import { loadRespondents } from '../../src/config/respondents.ts';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { listPassageRecords } from '../../src/store/passage-records.ts';
import { refreshReplyRelations } from '../../src/queue/relations/refresh-reply-relations.ts';
import { listPassageRelations, listReplyVersions, setReplyVersion } from '../../src/store/reply-relations.ts';
import { createHarness, PIPELINE_ID, type Harness } from '../helpers/pipeline-harness.ts';
import { openTestDb, type TestDb } from '../helpers/services.ts';

const MAILS = [
  'letters/a01-pdf-letter-dithmarschen.eml',
  'letters/a02-pdf-letter-rosenheim.eml',
  'letters/a07-inline-forward-cuxhaven.eml',
  'letters/a08-outlook-forward-tuebingen.eml',
  'letters/a10-forged-display-name.eml',
  'relations/r01-model-statement-celle.eml',
  'relations/r02-model-statement-heidekreis.eml',
  'relations/r03-endorsement-goslar.eml',
  'relations/r04-addendum-dithmarschen.eml',
  'relations/r05-correction-rosenheim.eml',
];

describe('reply relations through the pipeline (PostgreSQL server)', () => {
  let t: TestDb;
  let h: Harness;
  const id: Record<string, string> = {};
  const pipelineDir = `pipelines/${PIPELINE_ID}`;
  const refresh = async () =>
    refreshReplyRelations(t.db, PIPELINE_ID, await loadRespondents(pipelineDir), await loadDomainTable(pipelineDir));

  beforeAll(async () => {
    t = await openTestDb('postgres');
    h = createHarness(t.db);
    h.startWorkers();
    for (const m of MAILS) {
      const r = await receiveMail(t.db, h.enqueueNext, await readFile(`fixtures/${m}`), {
        pipelineId: PIPELINE_ID,
        source: m,
      });
      id[m.split('/')[1]?.slice(0, 3) ?? m] = r.messageId;
    }
    const counts = await waitForMessages(t.db, Object.values(id), { timeoutMs: 120_000, progress: false });
    expect(counts.classified).toBe(MAILS.length);
    await refresh();
  }, 180_000);
  afterAll(async () => {
    await h.close();
    await t.drop();
  });

  it('stores each reply unit’s respondent: the forwarded county, and nobody for a forged display name', async () => {
    const rows = await t.db.query<{
      message_id: string;
      origin_path: string;
      ags: string | null;
      needs_review: boolean;
    }>('SELECT message_id, origin_path, ags, needs_review FROM reply_respondents');
    const of = (key: string, path = '') => rows.find((r) => r.message_id === id[key] && r.origin_path === path);
    expect(of('a07', 'fwd1')?.ags).toBe('03352');
    expect(of('a08', 'fwd1')?.ags).toBe('08416');
    expect(of('a01')?.ags).toBe('01051');
    expect(of('a10')).toMatchObject({ ags: null, needs_review: true });
  });

  it('groups the model statement two counties sent, and records endorsements', async () => {
    const records = await listPassageRecords(t.db, PIPELINE_ID);
    const model = records.filter((r) => r.text.includes('zentralen Stelle für die Passersatzbeschaffung'));
    expect(model).toHaveLength(2);
    expect(model[0]?.group).not.toBeNull();
    expect(model[0]?.group).toBe(model[1]?.group);
    const relations = await listPassageRelations(t.db, PIPELINE_ID);
    expect(
      relations
        .filter((r) => r.endorsed)
        .map((r) => r.endorsed)
        .sort(),
    ).toEqual(['Landkreistag Baden-Württemberg', 'Niedersächsischer Landkreistag']);
  });

  it('links an addendum and a replacement to the county’s earlier reply, and keeps a reviewer’s change', async () => {
    const versions = await listReplyVersions(t.db, id.a01 ?? '');
    expect(versions).toMatchObject([
      { message_id: id.r04, earlier_message_id: id.a01, relation: 'addendum', source: 'auto' },
    ]);
    const replaced = (await listPassageRelations(t.db, PIPELINE_ID)).filter((r) => r.replaced_by === id.r05);
    expect(replaced.length).toBeGreaterThan(0);

    await setReplyVersion(t.db, {
      messageId: id.r04 ?? '',
      originPath: '',
      earlierMessageId: id.a01 ?? '',
      earlierOriginPath: '',
      relation: 'replacement',
      username: 'rita',
    });
    await refresh();
    expect(await listReplyVersions(t.db, id.r04 ?? '')).toMatchObject([
      { relation: 'replacement', source: 'reviewer', set_by: 'rita' },
    ]);
  });

  it('exports every passage with id, boilerplate kind, respondent, reviewed and group; boilerplate stays, marked', async () => {
    const respondents = new Map((await loadRespondents(pipelineDir)).map((r) => [r.ags, r]));
    const records = (await listPassageRecords(t.db, PIPELINE_ID)).map((r) =>
      toContract(r, (_p, ags) => respondents.get(ags)),
    );
    const letterhead = records.find((r) => r.text.startsWith('Kreis Dithmarschen\nDer Landrat'));
    expect(letterhead).toMatchObject({ boilerplate: true, boilerplateKind: 'letterhead', reviewed: false });
    const statement = records.find((r) => r.text.startsWith('Die Verlängerung des Ausreisegewahrsams auf 28 Tage'));
    expect(statement).toMatchObject({
      boilerplate: false,
      boilerplateKind: null,
      respondent: { ags: '01051', name: 'Kreis Dithmarschen', land: 'SH' },
      group: null,
    });
    expect(statement?.id).toMatch(/^psg_/);
    const forwarded = records.find((r) => r.text.startsWith('der Landkreis Cuxhaven hält'));
    expect(forwarded?.respondent?.ags).toBe('03352');
    const forged = records.find((r) => r.text.startsWith('die Verlängerung des Ausreisegewahrsams halte ich'));
    expect(forged?.respondent).toBeNull();
  });
});
