import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instructiveness } from '../../src/core/types.ts';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { enqueueReprocess } from '../../src/reprocess/enqueue-reprocess.ts';
import { saveLabelImport } from '../../src/store/imported-labels.ts';
import { PIPELINE_ID } from '../helpers/pipeline-harness.ts';
import { login, startWebHarness, type Session, type WebHarness } from './web-harness.ts';

interface ApiPassage {
  id: string;
  reviewed: boolean;
  boilerplate: boolean;
  instructive: { score: number; kind: string; reason: string } | null;
}
interface PassagePage {
  total: number;
  passages: ApiPassage[];
}

/**
 * The review queue's "lehrreich zuerst" order on PostgreSQL: scores written by the classify stage with their
 * components, GET /api/passages?order=instructive best first with the German reason, reviewed passages dropping
 * out, a bad order refused naming the allowed ones, the score recomputed on reclassification (after imported labels
 * made the item less rare), and the order served by the partial index of migration 075.
 */
describe('instructive order (PostgreSQL)', () => {
  let w: WebHarness;
  let rita: Session;
  beforeAll(async () => {
    w = await startWebHarness({ mails: ['01-body-only.eml', '04-forwarded-bundle.eml', '05-fehlanzeige-html.eml'] });
    rita = await login(w.base, 'rita');
  }, 300_000);
  afterAll(async () => w?.close());

  const get = async <T>(path: string) => {
    const res = await fetch(`${w.base}${path}`, { headers: { cookie: rita.cookie } });
    return { status: res.status, body: (await res.json()) as T };
  };
  const scored = () =>
    w.t.db.query<{ id: string; message_id: string; instructive: number; instructive_why: Instructiveness }>(
      `SELECT p.id, p.message_id, p.instructive, p.instructive_why FROM passages p
       LEFT JOIN passage_reviews r ON r.passage_id = p.id
       WHERE p.instructive IS NOT NULL AND p.superseded_at IS NULL AND r.reviewed_at IS NULL
         AND coalesce(r.boilerplate_override, p.boilerplate IS NOT NULL) = false
       ORDER BY p.instructive DESC, p.id`,
    );

  it('stores a score with its components for every content passage the model classified, none for boilerplate', async () => {
    const rows = await w.t.db.query<{
      boilerplate: string | null;
      instructive: number | null;
      why: Instructiveness | null;
    }>('SELECT boilerplate, instructive, instructive_why AS why FROM passages WHERE superseded_at IS NULL');
    const content = rows.filter((r) => r.boilerplate === null);
    expect(content.length).toBeGreaterThan(3);
    expect(content.every((r) => r.instructive !== null && r.why !== null)).toBe(true);
    expect(rows.filter((r) => r.boilerplate !== null).every((r) => r.instructive === null)).toBe(true);
    for (const r of content) {
      expect(r.why?.score).toBeCloseTo(r.instructive ?? -1, 4);
      expect(r.why?.score).toBeCloseTo((r.why?.uncertainty ?? 0) * (r.why?.weight ?? 0), 3);
      expect(['items', 'gate', 'stance', 'memory', 'boilerplate']).toContain(r.why?.kind);
    }
  });

  it('GET /api/passages?order=instructive lists unreviewed passages best first, each with its reason', async () => {
    const { status, body } = await get<PassagePage>('/api/passages?order=instructive&pageSize=200');
    expect(status).toBe(200);
    expect(body.total).toBe((await scored()).length);
    expect(body.passages.map((p) => p.id)).toEqual((await scored()).map((r) => r.id));
    const scores = body.passages.map((p) => p.instructive?.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const p of body.passages) {
      expect(p.reviewed).toBe(false);
      expect(p.boilerplate).toBe(false);
      expect(p.instructive?.reason).toMatch(
        /^(Unsicher|Recht sicher|Grenzfall|Haltung (unklar|recht sicher)|Vom Gedächtnis)/,
      );
    }
    // Item names in the reason are what reviewers read ("Anlage 1 Nr. 7"), and the rarity is said.
    expect(body.passages.some((p) => /Anlage \d Nr\. \d+|RückFVG/.test(p.instructive?.reason ?? ''))).toBe(true);
    expect(body.passages.some((p) => /geprüfte[ns]? Beispiel/.test(p.instructive?.reason ?? ''))).toBe(true);
    // sort=instructive is the same order.
    const bySort = await get<PassagePage>('/api/passages?sort=instructive&pageSize=200');
    expect(bySort.body.passages.map((p) => p.id)).toEqual(body.passages.map((p) => p.id));
  });

  it('refuses an unknown order with 400, naming the allowed values', async () => {
    const { status, body } = await get<{ parameter: string; allowed: string }>('/api/passages?order=lehrreich');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: 'invalid parameter',
      parameter: 'order',
      allowed: 'one of relevance, reply, date, -date, confidence, instructive',
    });
  });

  it('a reviewed passage drops out of the order', async () => {
    const before = (await get<PassagePage>('/api/passages?order=instructive&pageSize=200')).body;
    const first = before.passages[0];
    expect(first).toBeDefined();
    const res = await fetch(`${w.base}/api/passages/${first?.id}/changes`, {
      method: 'POST',
      headers: { cookie: rita.cookie, 'x-csrf-token': rita.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 0, change: { kind: 'accept' } }),
    });
    expect(res.status).toBe(200);
    const after = (await get<PassagePage>('/api/passages?order=instructive&pageSize=200')).body;
    expect(after.total).toBe(before.total - 1);
    expect(after.passages.some((p) => p.id === first?.id)).toBe(false);
  });

  it('reclassification recomputes the score: imported examples of its items make a passage less instructive', async () => {
    // A passage whose rarity weight comes from one item: the one it cites or the model's best.
    const candidates = (await scored()).filter((r) => r.instructive_why.rare && r.instructive_why.weight === 2);
    const target = candidates[0];
    expect(target).toBeDefined();
    if (!target) return;
    const why = target.instructive_why;
    const tagged = (
      await w.t.db.query<{ label: string }>(
        `SELECT DISTINCT label FROM tags WHERE passage_id = $1 AND dimension = 'item' AND label <> '-none-'`,
        [target.id],
      )
    ).map((r) => r.label);
    // Every item that could set its weight: those tagged (cited ones among them) and the model's two best.
    const items = [...new Set([...tagged, why.rare?.item, why.items?.best, why.items?.second])].filter(
      (x): x is string => typeof x === 'string',
    );
    // Six imported lines per item, texts unlike the passage (the memory must not recall them for it).
    const rows = items.flatMap((item, k) =>
      Array.from({ length: 6 }, (_, i) => ({
        line: k * 6 + i + 1,
        sourceId: `imp-${k}-${i}`,
        text: `Zeile ${k}-${i}: Kreisumlage Haushaltsplan Feuerwehrbedarf Kreisstraße ${i} Schulbus ${k}`,
        items: [item],
        topics: [],
        stance: 'neutral',
      })),
    );
    await saveLabelImport(w.t.db, {
      pipelineId: PIPELINE_ID,
      fileName: 'instructive.jsonl',
      bytes: new TextEncoder().encode(JSON.stringify(rows)),
      format: 'jsonl',
      importedBy: 'test',
      rows,
    });
    await enqueueReprocess(w.h.ctx, [target.message_id], 'classify');
    await waitForMessages(w.t.db, [target.message_id], { timeoutMs: 120_000, progress: false });
    const [now] = await w.t.db.query<{ instructive: number; instructive_why: Instructiveness }>(
      'SELECT instructive, instructive_why FROM passages WHERE id = $1',
      [target.id],
    );
    expect(now?.instructive_why.rare?.examples).toBeGreaterThanOrEqual(6);
    expect(now?.instructive_why.uncertainty).toBeCloseTo(why.uncertainty, 4); // the same model, the same doubt
    // Weight 2 (no example) → 1 + 1/√7 ≈ 1.38 (six examples): the same doubt, about a third less instructive.
    expect(now?.instructive_why.weight).toBeCloseTo(
      1 + 1 / Math.sqrt(1 + (now?.instructive_why.rare?.examples ?? 0)),
      3,
    );
    expect(now?.instructive ?? 9).toBeLessThan(target.instructive * 0.75);
  }, 180_000);

  it('the order is served by the partial index (migration 075)', async () => {
    const plan = await w.t.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query('SET LOCAL enable_sort = off');
      return tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT p.id FROM passages p
           JOIN messages m ON m.id = p.message_id
           LEFT JOIN passage_reviews r ON r.passage_id = p.id
         WHERE m.pipeline_id = $1 AND p.superseded_at IS NULL AND p.instructive IS NOT NULL AND r.reviewed_at IS NULL
         ORDER BY p.instructive DESC, p.id LIMIT 50`,
        [PIPELINE_ID],
      );
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using passages_instructive_idx/);
  });
});
