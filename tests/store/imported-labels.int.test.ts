import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listImportedLabels,
  listLabelImports,
  removeLabelImport,
  saveLabelImport,
} from '../../src/store/imported-labels.ts';
import { ENGINES, openTestDb, type TestDb } from '../helpers/services.ts';

const rows = [
  {
    line: 1,
    sourceId: 'a',
    text: 'Haft wird zu selten angeordnet.',
    items: ['A1-HAFT'],
    topics: [],
    stance: 'ablehnung',
  },
  { line: 4, sourceId: 'b', text: 'Nur die Haltung ist bekannt.', stance: 'zustimmung' },
];

describe.each(ENGINES)('imported labels (%s)', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t.drop());

  it('stores an import with provenance, lists it, and keeps unknown dimensions unknown', async () => {
    const bytes = new TextEncoder().encode('file one');
    const saved = await saveLabelImport(t.db, {
      pipelineId: 'p1',
      fileName: 'gold.jsonl',
      bytes,
      format: 'jsonl',
      importedBy: 'ada',
      rows,
    });
    expect(saved.created).toBe(true);
    expect(saved.import).toMatchObject({ pipelineId: 'p1', fileName: 'gold.jsonl', importedBy: 'ada', passages: 2 });
    expect(await listLabelImports(t.db, 'p1')).toEqual([saved.import]);
    expect(await listImportedLabels(t.db, 'p1')).toEqual(
      rows.map((r) => ({ ...r, importId: saved.import.id, fileName: 'gold.jsonl' })),
    );
    expect(await listImportedLabels(t.db, 'p2')).toEqual([]);
  });

  it('is idempotent: the same file again writes nothing and names the earlier import', async () => {
    const bytes = new TextEncoder().encode('file one');
    const again = await saveLabelImport(t.db, {
      pipelineId: 'p1',
      fileName: 'renamed.jsonl',
      bytes,
      format: 'jsonl',
      importedBy: 'bob',
      rows: rows.slice(0, 1),
    });
    expect(again.created).toBe(false);
    expect(again.import).toMatchObject({ fileName: 'gold.jsonl', importedBy: 'ada', passages: 2 });
    expect(await listImportedLabels(t.db, 'p1')).toHaveLength(2);
  });

  it('removes an import with its lines', async () => {
    const [imported] = await listLabelImports(t.db, 'p1');
    expect(await removeLabelImport(t.db, imported?.id ?? '')).toBe(true);
    expect(await removeLabelImport(t.db, imported?.id ?? '')).toBe(false);
    expect(await listImportedLabels(t.db, 'p1')).toEqual([]);
    const [{ n } = { n: -1 }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imported_labels');
    expect(n).toBe(0);
  });

  it("accepts the 'memory' tag source (migration 061)", async () => {
    const check = await t.db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'tags_source_check' AND conrelid = 'tags'::regclass`,
    );
    expect(check).toHaveLength(1);
    expect(check[0]?.def).toMatch(/'rule'.*'model'.*'reviewer'.*'memory'/);
  });
});
