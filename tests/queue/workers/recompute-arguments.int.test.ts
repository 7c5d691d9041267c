import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPipeline, type Pipeline } from '../../../src/config/pipeline.ts';
import type { Queryable } from '../../../src/store/db.ts';
import { applyArgumentEdit } from '../../../src/store/argument-edits.ts';
import { loadSubjectArguments } from '../../../src/store/arguments.ts';
import { recomputeArguments } from '../../../src/queue/workers/recompute-arguments.ts';
import { openTestDb, type TestDb } from '../../helpers/services.ts';

const PIPELINE = 'rueckfuehrung-2024';
const gold = ['pep', 'haft'].flatMap((f) =>
  readFileSync(`pipelines/${PIPELINE}/arguments-eval/${f}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; text: string; items: string[] }),
);

/** One classified message holding the passages, each with its items as machine (rule) tags. */
async function seed(
  db: Queryable,
  message: string,
  passages: readonly { id: string; text: string; items: string[] }[],
) {
  await db.query(`INSERT INTO blobs (sha256, size, bytes) VALUES ($1, 1, '\\x00') ON CONFLICT DO NOTHING`, [message]);
  await db.query(
    `INSERT INTO messages (id, pipeline_id, raw_sha256, content_hash, source, state)
     VALUES ($1, $2, $1, $1, 'test', 'classified')`,
    [message, PIPELINE],
  );
  await db.query(
    `INSERT INTO documents (id, message_id, path, position, kind, declared_type, blob_sha256, size, state)
     VALUES ($1, $2, 'body', 0, 'body', 'text/plain', $2, 1, 'extracted')`,
    [`doc_${message}`, message],
  );
  for (const [seq, p] of passages.entries()) {
    await db.query(
      `INSERT INTO passages (id, message_id, document_id, seq, char_start, char_end, text)
       VALUES ($1, $2, $3, $4, 0, 1, $5)`,
      [p.id, message, `doc_${message}`, seq, p.text],
    );
    for (const item of p.items)
      await db.query(
        `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, 'item', $2, 'rule', 0.9, 'test')`,
        [p.id, item],
      );
  }
}

describe('argument recomputation with reviewer edits (PostgreSQL server)', () => {
  let t: TestDb;
  let pipeline: Pipeline;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    pipeline = await loadPipeline('pipelines', PIPELINE);
    await seed(t.db, 'msg_a', gold);
  });
  afterAll(async () => {
    await t.drop();
  });

  it('stores every passage of an item once, and recomputes nothing when nothing changed', async () => {
    const first = await recomputeArguments(t.db, pipeline);
    expect(first.recomputed).toEqual(['A1-HAFT', 'A2-PEP']);
    for (const item of ['A1-HAFT', 'A2-PEP']) {
      const s = await loadSubjectArguments(t.db, PIPELINE, item);
      const ids = [...s.arguments.flatMap((a) => a.passages), ...s.unassigned].sort();
      expect(ids).toEqual(
        gold
          .filter((g) => g.items.includes(item))
          .map((g) => g.id)
          .sort(),
      );
    }
    expect((await recomputeArguments(t.db, pipeline)).recomputed).toEqual([]);
  });

  it('keeps renames, merges, splits, moves and pinned quotes through a recomputation with new passages', async () => {
    const before = await loadSubjectArguments(t.db, PIPELINE, 'A2-PEP');
    const [first, second, third] = [...before.arguments].sort((a, b) => b.passages.length - a.passages.length);
    expect(third).toBeDefined();
    const user = 'ada';
    // Merge the second into the first, rename it, pin its last passage as the quote.
    expect(
      await applyArgumentEdit(t.db, PIPELINE, { kind: 'merge', argument: first!.id, other: second!.id }, user),
    ).toMatchObject({ ok: true });
    expect(
      await applyArgumentEdit(
        t.db,
        PIPELINE,
        { kind: 'rename', argument: first!.id, label: 'Botschaften und Bund' },
        user,
      ),
    ).toMatchObject({ ok: true });
    const merged = [...first!.passages, ...second!.passages].sort();
    const quote = merged[merged.length - 1]!;
    expect(
      await applyArgumentEdit(t.db, PIPELINE, { kind: 'representative', argument: first!.id, passage: quote }, user),
    ).toMatchObject({ ok: true });
    // Split one passage off the third; move another of it to "Einzelne Äußerungen".
    const [splitOff, movedOut] = third!.passages;
    const split = await applyArgumentEdit(
      t.db,
      PIPELINE,
      { kind: 'split', argument: third!.id, passages: [splitOff!], label: 'Abgeteilt' },
      user,
    );
    expect(split).toMatchObject({ ok: true });
    expect(
      await applyArgumentEdit(t.db, PIPELINE, { kind: 'move', subject: 'A2-PEP', passage: movedOut!, to: null }, user),
    ).toMatchObject({ ok: true });
    // A refused edit: a quote that is not a member.
    expect(
      await applyArgumentEdit(
        t.db,
        PIPELINE,
        { kind: 'representative', argument: first!.id, passage: movedOut! },
        user,
      ),
    ).toMatchObject({ ok: false, reason: 'invalid' });

    // New replies arrive: a near-copy of a passage of the merged argument, and a passage on the other item.
    const copyOf = gold.find((g) => g.id === merged[0])!;
    await seed(t.db, 'msg_b', [
      { id: 'new-1', text: `Auch der Landkreis Neustadt meint: ${copyOf.text}`, items: ['A2-PEP'] },
      {
        id: 'new-2',
        text: 'Haftanträge scheitern bei uns regelmäßig an Formalien des Amtsgerichts.',
        items: ['A1-HAFT'],
      },
    ]);
    const again = await recomputeArguments(t.db, pipeline);
    expect(again.recomputed).toEqual(['A1-HAFT', 'A2-PEP']);

    const after = await loadSubjectArguments(t.db, PIPELINE, 'A2-PEP');
    const kept = after.arguments.find((a) => a.id === first!.id)!;
    expect(kept).toMatchObject({ label: 'Botschaften und Bund', representative: quote, reviewed: true });
    expect(kept.passages).toEqual(expect.arrayContaining([...merged, 'new-1']));
    expect(after.arguments.find((a) => a.id === second!.id)).toBeUndefined();
    const splitId = split.ok ? split.argument : null;
    const part = after.arguments.find((a) => a.id === splitId);
    expect(part).toMatchObject({ label: 'Abgeteilt', passages: expect.arrayContaining([splitOff]) });
    expect(after.unassigned).toContain(movedOut);
    const all = [...after.arguments.flatMap((a) => a.passages), ...after.unassigned];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(gold.filter((g) => g.items.includes('A2-PEP')).length + 1);
  });

  it('drops a pinned passage from its argument once a reviewer removes the item from it', async () => {
    const s = await loadSubjectArguments(t.db, PIPELINE, 'A2-PEP');
    const reviewed = s.arguments.find((a) => a.label === 'Botschaften und Bund')!;
    const leaving = reviewed.passages.find((p) => p !== reviewed.representative)!;
    await t.db.query(
      `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, 'item', 'A2-CHARTER', 'reviewer', 1, 'reviewer')`,
      [leaving],
    );
    const report = await recomputeArguments(t.db, pipeline);
    expect(report.recomputed).toEqual(expect.arrayContaining(['A2-PEP', 'A2-CHARTER']));
    const after = await loadSubjectArguments(t.db, PIPELINE, 'A2-PEP');
    const all = [...after.arguments.flatMap((a) => a.passages), ...after.unassigned];
    expect(all).not.toContain(leaving);
    expect(after.arguments.find((a) => a.id === reviewed.id)?.label).toBe('Botschaften und Bund');
  });
});
