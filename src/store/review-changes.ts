import { IntegrityError } from '../core/errors.ts';
import type { TagDimension } from '../core/types.ts';
import type { Db, Queryable } from './db.ts';
import { effectiveOnDimension, NO_TAG_LABEL, reviewerDecided } from './effective-tags.ts';
import type { StoredTag } from './review-passages.ts';

export type ReviewChange =
  | { kind: 'set'; dimension: TagDimension; label: string }
  | { kind: 'remove'; dimension: TagDimension; label: string }
  /** Confirms what the machine said on every dimension the reviewer has not decided yet. */
  | { kind: 'accept' }
  | { kind: 'boilerplate'; value: boolean };

export type ChangeResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; version: number; reviewedBy: string | null };

const DIMENSIONS: readonly TagDimension[] = ['item', 'topic', 'stance'];

/**
 * Applies one reviewer change under an optimistic lock: the caller names the passage version it saw, and a change
 * made against an older version is refused (the second reviewer sees the first one's result and decides again),
 * so no update is ever lost silently. Every applied change is one audit row per dimension it touched.
 */
export async function applyReviewChange(
  db: Db,
  passageId: string,
  expectedVersion: number,
  username: string,
  change: ReviewChange,
): Promise<ChangeResult> {
  return db.transaction(async (tx) => {
    const passage = await tx.query<{ boilerplate: string | null }>('SELECT boilerplate FROM passages WHERE id = $1', [
      passageId,
    ]);
    if (!passage[0]) return { ok: false, reason: 'not_found' } as const;
    await tx.query('INSERT INTO passage_reviews (passage_id) VALUES ($1) ON CONFLICT (passage_id) DO NOTHING', [
      passageId,
    ]);
    const [state] = await tx.query<{
      version: number;
      reviewed_by: string | null;
      boilerplate_override: boolean | null;
    }>('SELECT version, reviewed_by, boilerplate_override FROM passage_reviews WHERE passage_id = $1 FOR UPDATE', [
      passageId,
    ]);
    if (!state) throw new IntegrityError('integrity.row_missing', `passage_reviews row for ${passageId} vanished`);
    if (state.version !== expectedVersion)
      return { ok: false, reason: 'conflict', version: state.version, reviewedBy: state.reviewed_by } as const;

    const version = state.version + 1;
    const tags = await tx.query<StoredTag>(
      'SELECT dimension, label, source, confidence, reason FROM tags WHERE passage_id = $1',
      [passageId],
    );
    const audit = (dimension: string, before: unknown, after: unknown) =>
      tx.query(
        `INSERT INTO tag_audit (passage_id, username, dimension, before, after, version) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)`,
        [passageId, username, dimension, JSON.stringify(before), JSON.stringify(after), version],
      );

    if (change.kind === 'boilerplate') {
      const before = state.boilerplate_override ?? passage[0].boilerplate !== null;
      await tx.query('UPDATE passage_reviews SET boilerplate_override = $2 WHERE passage_id = $1', [
        passageId,
        change.value,
      ]);
      await audit('boilerplate', before, change.value);
    } else {
      const dimensions =
        change.kind === 'accept' ? DIMENSIONS.filter((d) => !reviewerDecided(tags, d)) : [change.dimension];
      for (const dimension of dimensions) {
        const before = effectiveOnDimension(tags, dimension).map((t) => t.label);
        const after = nextLabels(before, dimension, change);
        await writeReviewerTags(tx, passageId, dimension, after, before, username);
        await audit(dimension, before, after);
      }
    }
    await tx.query(
      'UPDATE passage_reviews SET version = $2, reviewed_by = $3, reviewed_at = now() WHERE passage_id = $1',
      [passageId, version, username],
    );
    return { ok: true, version } as const;
  });
}

function nextLabels(before: readonly string[], dimension: TagDimension, change: ReviewChange): string[] {
  switch (change.kind) {
    case 'accept':
    case 'boilerplate':
      return [...before];
    case 'set':
      // A passage has one stance; items and topics are multi-label.
      return dimension === 'stance' ? [change.label] : [...new Set([...before, change.label])];
    case 'remove':
      return before.filter((l) => l !== change.label);
  }
}

/** Replaces the reviewer's tags on one dimension; an empty set is stored as the "nothing here" tag. */
async function writeReviewerTags(
  tx: Queryable,
  passageId: string,
  dimension: TagDimension,
  labels: readonly string[],
  machineLabels: readonly string[],
  username: string,
): Promise<void> {
  await tx.query(`DELETE FROM tags WHERE passage_id = $1 AND dimension = $2 AND source = 'reviewer'`, [
    passageId,
    dimension,
  ]);
  for (const label of labels.length > 0 ? labels : [NO_TAG_LABEL]) {
    const reason = machineLabels.includes(label) ? `confirmed by ${username}` : `set by ${username}`;
    await tx.query(
      `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason) VALUES ($1, $2, $3, 'reviewer', 1, $4)`,
      [passageId, dimension, label, reason],
    );
  }
}
