import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainQueueBeside } from '../../src/queue/train-queue.ts';
import { finishTrainingRun, startTrainingRun } from '../../src/store/training-runs.ts';
import { PIPELINE_ID } from '../helpers/pipeline-harness.ts';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

describe('retraining from the web (admins)', () => {
  let w: WebHarness;
  let ada: Session;
  let rita: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml'] });
    ada = await login(w.base, 'ada');
    rita = await login(w.base, 'rita');
  });
  afterAll(async () => w?.close());

  const post = (s: Session, csrf = s.csrf) =>
    fetch(`${w.base}/admin/training`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
      redirect: 'manual',
    });

  it('is for admins only and refuses a post without the CSRF token', async () => {
    expect((await fetch(`${w.base}/admin/training`, { headers: { cookie: ada.cookie } })).status).toBe(200);
    expect(
      (await fetch(`${w.base}/admin/training`, { headers: { cookie: rita.cookie }, redirect: 'manual' })).status,
    ).toBe(403);
    expect((await post(ada, '')).status).toBe(403);
  });

  it("enqueues a train job for a worker (never trains in the web process) and shows the runs' figures and changes", async () => {
    const page = await (await post(ada)).text();
    const runId = /Angefordert als (trn_[0-9a-f]{32})/.exec(page)?.[1];
    expect(runId).toBeDefined();
    const queue = trainQueueBeside(w.h.queues);
    try {
      const job = await queue.getJob(runId ?? '');
      expect(job?.data).toMatchObject({ pipelineId: PIPELINE_ID, reason: 'admin', requestedBy: 'ada', runId });
    } finally {
      await queue.close();
    }
    await startTrainingRun(w.t.db, {
      id: 'trn_' + 'a'.repeat(32),
      pipelineId: PIPELINE_ID,
      reason: 'admin',
      requestedBy: 'ada',
    });
    await finishTrainingRun(w.t.db, 'trn_' + 'a'.repeat(32), {
      previousModel: 'mdl_old',
      candidate: 'mdl_new',
      promoted: true,
      heldOut: 12,
      before: { items: 0.8, topics: 0.7, stance: 0.9 },
      after: { items: 0.85, topics: 0.75, stance: 0.9 },
      changes: [{ label: 'A2-PEP', added: 3, removed: 1 }],
      reclassified: 1,
    });
    const list = await (await fetch(`${w.base}/admin/training`, { headers: { cookie: ada.cookie } })).text();
    expect(list).toContain('übernommen; 1 Antwort(en) neu klassifiziert');
    expect(list).toContain('0.850');
    expect(list).toContain('A2-PEP: +3 / −1 Abschnitt(e)');
  });
});
