import type { Taxonomy } from '../core/types.ts';
import type { Queryable } from './db.ts';
import { toPgArray } from './messages.ts';

export interface TaxonomyMigration {
  /** Reviewer tags moved from a retired id to its replacement (taxonomy `renamed:`). */
  renamed: { from: string; to: string; tags: number }[];
  /** Reviewer tags whose label the taxonomy no longer knows; their passages are flagged for review. */
  orphaned: { label: string; tags: number }[];
}

/**
 * After a taxonomy change (items renumbered, merged, removed), reviewer tags must not silently point at nothing:
 * tags on a renamed id move to the new one, tags on an unknown id flag their passage for review. Machine tags need
 * no migration: a reprocess replaces them. With `dryRun` only counts are returned.
 */
export async function migrateReviewerTags(
  q: Queryable,
  pipelineId: string,
  taxonomy: Taxonomy,
  dryRun: boolean,
): Promise<TaxonomyMigration> {
  const known = [...taxonomy.items, ...taxonomy.topics, ...taxonomy.stances].map((x) => x.id);
  const rows = await q.query<{ label: string; n: number }>(
    `SELECT t.label, count(*)::int AS n FROM tags t JOIN passages p ON p.id = t.passage_id JOIN messages m ON m.id = p.message_id
     WHERE m.pipeline_id = $1 AND t.source = 'reviewer' AND NOT (t.label = ANY($2::text[]))
     GROUP BY t.label ORDER BY t.label`,
    [pipelineId, toPgArray(known)],
  );
  const result: TaxonomyMigration = { renamed: [], orphaned: [] };
  for (const { label, n } of rows) {
    const to = taxonomy.renamed[label];
    if (to) result.renamed.push({ from: label, to, tags: n });
    else result.orphaned.push({ label, tags: n });
  }
  if (dryRun) return result;
  for (const r of result.renamed) await renameLabel(q, pipelineId, r.from, r.to);
  if (result.orphaned.length > 0)
    await flagOrphans(
      q,
      pipelineId,
      result.orphaned.map((o) => o.label),
    );
  return result;
}

async function renameLabel(q: Queryable, pipelineId: string, from: string, to: string): Promise<void> {
  const scope = `passage_id IN (SELECT p.id FROM passages p JOIN messages m ON m.id = p.message_id WHERE m.pipeline_id = $1)`;
  // Where the passage already carries the new id (two merged items both tagged), the old tag simply goes.
  await q.query(
    `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason, model_version)
     SELECT passage_id, dimension, $3, source, confidence, reason || ' (was ' || $2 || ')', model_version
     FROM tags WHERE ${scope} AND source = 'reviewer' AND label = $2
     ON CONFLICT (passage_id, dimension, label, source) DO NOTHING`,
    [pipelineId, from, to],
  );
  await q.query(`DELETE FROM tags WHERE ${scope} AND source = 'reviewer' AND label = $2`, [pipelineId, from]);
}

async function flagOrphans(q: Queryable, pipelineId: string, labels: readonly string[]): Promise<void> {
  await q.query(
    `UPDATE passages SET needs_review = true
     WHERE id IN (SELECT t.passage_id FROM tags t JOIN passages p ON p.id = t.passage_id JOIN messages m ON m.id = p.message_id
                  WHERE m.pipeline_id = $1 AND t.source = 'reviewer' AND t.label = ANY($2::text[]))`,
    [pipelineId, toPgArray(labels)],
  );
}
