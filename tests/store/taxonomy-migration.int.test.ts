import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { receiveMail } from '../../src/ingest/receive-mail.ts';
import { waitForMessages } from '../../src/cli/wait-for-messages.ts';
import { migrateReviewerTags } from '../../src/store/taxonomy-migration.ts';
import { PIPELINE_ID, usePipelineRun } from '../helpers/pipeline-harness.ts';

describe('reviewer tags across a taxonomy change (PostgreSQL server)', () => {
  const run = usePipelineRun('postgres', { workers: true });

  it('moves tags of a renamed item to its replacement and flags tags of a removed item for review', async () => {
    const { messageId } = await receiveMail(
      run.t.db,
      run.h.enqueueNext,
      await readFile('fixtures/mail/01-body-only.eml'),
      {
        pipelineId: PIPELINE_ID,
        source: 't',
      },
    );
    await waitForMessages(run.t.db, [messageId], { timeoutMs: 60_000, progress: false });
    const [a, b] = await run.t.db.query<{ id: string }>(
      `SELECT id FROM passages WHERE message_id = $1 AND boilerplate IS NULL ORDER BY seq LIMIT 2`,
      [messageId],
    );
    const review = (id: string, label: string) =>
      run.t.db.query(
        `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, 'item', $2, 'reviewer', 1, 'reviewer: anna')`,
        [id, label],
      );
    await review(a!.id, 'A1-GEWAHRSAM');
    await review(b!.id, 'A1-ATTEST');
    await run.t.db.query(`UPDATE passages SET needs_review = false`);

    const pipeline = await run.h.ctx.loadPipeline(PIPELINE_ID);
    // Version 2 of the taxonomy: Ausreisegewahrsam merged into Abschiebungshaft, the Atteste item dropped.
    const items = pipeline.taxonomy.items.filter((i) => i.id !== 'A1-GEWAHRSAM' && i.id !== 'A1-ATTEST');
    const v2 = { ...pipeline.taxonomy, items, renamed: { 'A1-GEWAHRSAM': 'A1-HAFT' } };

    const dry = await migrateReviewerTags(run.t.db, PIPELINE_ID, v2, true);
    expect(dry).toEqual({
      renamed: [{ from: 'A1-GEWAHRSAM', to: 'A1-HAFT', tags: 1 }],
      orphaned: [{ label: 'A1-ATTEST', tags: 1 }],
    });
    expect(await run.t.db.query(`SELECT 1 FROM tags WHERE label = 'A1-HAFT' AND source = 'reviewer'`)).toHaveLength(0);

    await migrateReviewerTags(run.t.db, PIPELINE_ID, v2, false);
    const reviewer = await run.t.db.query<{ passage_id: string; label: string; reason: string }>(
      `SELECT passage_id, label, reason FROM tags WHERE source = 'reviewer' ORDER BY label`,
    );
    expect(reviewer).toEqual([
      { passage_id: b!.id, label: 'A1-ATTEST', reason: 'reviewer: anna' },
      { passage_id: a!.id, label: 'A1-HAFT', reason: 'reviewer: anna (was A1-GEWAHRSAM)' },
    ]);
    const flagged = await run.t.db.query<{ id: string }>(`SELECT id FROM passages WHERE needs_review`);
    expect(flagged.map((r) => r.id)).toEqual([b!.id]);
    // Running it again changes nothing more.
    expect((await migrateReviewerTags(run.t.db, PIPELINE_ID, v2, false)).renamed).toEqual([]);
  });
});
