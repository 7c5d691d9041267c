import { sha256Hex, stableId } from '../core/ids.ts';
import type { Db, Queryable } from './db.ts';

export interface ImportedLabelRow {
  line: number;
  sourceId: string;
  text: string;
  items?: string[];
  topics?: string[];
  stance?: string;
}

export interface LabelImport {
  id: string;
  pipelineId: string;
  fileName: string;
  sha256: string;
  format: 'jsonl' | 'csv' | 'xlsx';
  importedBy: string;
  importedAt: Date;
  passages: number;
}

export interface NewLabelImport {
  pipelineId: string;
  fileName: string;
  bytes: Uint8Array;
  format: LabelImport['format'];
  importedBy: string;
  rows: readonly ImportedLabelRow[];
}

/**
 * Stores an import and all its lines in one transaction (all or nothing). The same file imported again into the same
 * pipeline is the same import: nothing is written and the earlier one is returned with `created: false`.
 */
export async function saveLabelImport(
  db: Db,
  input: NewLabelImport,
): Promise<{ import: LabelImport; created: boolean }> {
  const sha256 = sha256Hex(input.bytes);
  const id = stableId('imp', input.pipelineId, sha256);
  return db.transaction(async (tx) => {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO label_imports (id, pipeline_id, file_name, sha256, format, imported_by, passages)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
      [id, input.pipelineId, input.fileName, sha256, input.format, input.importedBy, input.rows.length],
    );
    if (inserted.length > 0) {
      // One statement for all lines: arrays of arrays do not bind portably, so lists travel as JSON text.
      await tx.query(
        `INSERT INTO imported_labels (import_id, line, source_id, text, items, topics, stance)
         SELECT $1, r.line, r.source_id, r.text,
                CASE WHEN r.items IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.items)) END,
                CASE WHEN r.topics IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.topics)) END,
                r.stance
         FROM jsonb_to_recordset($2::jsonb) AS r(line int, source_id text, text text, items jsonb, topics jsonb, stance text)`,
        [
          id,
          JSON.stringify(
            input.rows.map((r) => ({
              line: r.line,
              source_id: r.sourceId,
              text: r.text,
              items: r.items ?? null,
              topics: r.topics ?? null,
              stance: r.stance ?? null,
            })),
          ),
        ],
      );
    }
    const [row] = await tx.query<ImportRow>(`SELECT ${IMPORT_COLUMNS} FROM label_imports WHERE id = $1`, [id]);
    return { import: toImport(row as ImportRow), created: inserted.length > 0 };
  });
}

export async function listLabelImports(q: Queryable, pipelineId: string): Promise<LabelImport[]> {
  const rows = await q.query<ImportRow>(
    `SELECT ${IMPORT_COLUMNS} FROM label_imports WHERE pipeline_id = $1 ORDER BY imported_at, id`,
    [pipelineId],
  );
  return rows.map(toImport);
}

/** Removes an import and its lines; false when there is no such import. */
export async function removeLabelImport(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query<{ id: string }>('DELETE FROM label_imports WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

export interface StoredImportedLabel extends ImportedLabelRow {
  importId: string;
  fileName: string;
}

/** Every imported line of a pipeline, in import order then file order (deterministic, for training). */
export async function listImportedLabels(q: Queryable, pipelineId: string): Promise<StoredImportedLabel[]> {
  const rows = await q.query<{
    import_id: string;
    file_name: string;
    line: number;
    source_id: string;
    text: string;
    items: string[] | null;
    topics: string[] | null;
    stance: string | null;
  }>(
    `SELECT l.import_id, i.file_name, l.line, l.source_id, l.text, l.items, l.topics, l.stance
     FROM imported_labels l JOIN label_imports i ON i.id = l.import_id
     WHERE i.pipeline_id = $1 ORDER BY i.imported_at, i.id, l.line`,
    [pipelineId],
  );
  return rows.map((r) => ({
    importId: r.import_id,
    fileName: r.file_name,
    line: r.line,
    sourceId: r.source_id,
    text: r.text,
    ...(r.items ? { items: r.items } : {}),
    ...(r.topics ? { topics: r.topics } : {}),
    ...(r.stance ? { stance: r.stance } : {}),
  }));
}

interface ImportRow {
  id: string;
  pipeline_id: string;
  file_name: string;
  sha256: string;
  format: LabelImport['format'];
  imported_by: string;
  imported_at: Date;
  passages: number;
}

const IMPORT_COLUMNS = 'id, pipeline_id, file_name, sha256, format, imported_by, imported_at, passages';

const toImport = (r: ImportRow): LabelImport => ({
  id: r.id,
  pipelineId: r.pipeline_id,
  fileName: r.file_name,
  sha256: r.sha256,
  format: r.format,
  importedBy: r.imported_by,
  importedAt: new Date(r.imported_at),
  passages: r.passages,
});
