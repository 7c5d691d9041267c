import { stableId } from '../core/ids.ts';
import type { Db, Queryable } from './db.ts';

/** What a reviewer can do to the arguments of a subject. Every edit marks the arguments it touches as reviewed. */
export type ArgumentEdit =
  | { kind: 'rename'; argument: string; label: string }
  /** `other` joins `argument` and disappears. */
  | { kind: 'merge'; argument: string; other: string }
  /** The passages leave `argument` for a new reviewed argument. */
  | { kind: 'split'; argument: string; passages: readonly string[]; label: string | null }
  /** `to` null: the passage goes to "Einzelne Äußerungen" and stays there. */
  | { kind: 'move'; subject: string; passage: string; to: string | null }
  | { kind: 'representative'; argument: string; passage: string };

export type EditResult =
  { ok: true; argument: string | null } | { ok: false; reason: 'not_found' | 'invalid'; detail: string };

interface ArgumentHead {
  id: string;
  subject: string;
  label: string;
  representative: string | null;
}

/**
 * Applies one reviewer edit in a transaction. An argument a reviewer touched is "reviewed": its current members are
 * pinned to it, so a recomputation keeps it as they left it (and only adds new passages that fit).
 */
export async function applyArgumentEdit(
  db: Db,
  pipelineId: string,
  edit: ArgumentEdit,
  username: string,
): Promise<EditResult> {
  return db.transaction(async (tx) => {
    const head = async (id: string) =>
      (
        await tx.query<ArgumentHead>(
          'SELECT id, subject, label, representative FROM arguments WHERE id = $1 AND pipeline_id = $2 FOR UPDATE',
          [id, pipelineId],
        )
      )[0] ?? null;
    const freeze = async (id: string) => {
      await tx.query(
        'UPDATE arguments SET reviewed = true, reviewed_by = $2, reviewed_at = now(), updated_at = now() WHERE id = $1',
        [id, username],
      );
      await tx.query('UPDATE argument_members SET pinned = true WHERE argument_id = $1', [id]);
    };
    const missing = (what: string): EditResult => ({ ok: false, reason: 'not_found', detail: `${what} not found` });

    if (edit.kind === 'move') {
      const member = await memberOf(tx, pipelineId, edit.subject, edit.passage);
      if (!member) return missing(`passage ${edit.passage} under ${edit.subject}`);
      if (edit.to !== null) {
        const target = await head(edit.to);
        if (!target || target.subject !== edit.subject) return missing(`argument ${edit.to} of ${edit.subject}`);
        await freeze(target.id);
      }
      await tx.query(
        `UPDATE argument_members SET argument_id = $4, pinned = true
         WHERE pipeline_id = $1 AND subject = $2 AND passage_id = $3`,
        [pipelineId, edit.subject, edit.passage, edit.to],
      );
      return { ok: true, argument: edit.to };
    }

    const arg = await head(edit.argument);
    if (!arg) return missing(`argument ${edit.argument}`);
    switch (edit.kind) {
      case 'rename':
        await freeze(arg.id);
        await tx.query('UPDATE arguments SET label = $2, reviewer_label = $2 WHERE id = $1', [arg.id, edit.label]);
        return { ok: true, argument: arg.id };
      case 'representative': {
        const member = await memberOf(tx, pipelineId, arg.subject, edit.passage);
        if (member?.argument_id !== arg.id)
          return { ok: false, reason: 'invalid', detail: `passage ${edit.passage} is not in this argument` };
        await freeze(arg.id);
        await tx.query('UPDATE arguments SET representative = $2, representative_pinned = true WHERE id = $1', [
          arg.id,
          edit.passage,
        ]);
        return { ok: true, argument: arg.id };
      }
      case 'merge': {
        const other = await head(edit.other);
        if (!other || other.subject !== arg.subject || other.id === arg.id)
          return missing(`another argument ${edit.other} of ${arg.subject}`);
        await freeze(arg.id);
        await tx.query('UPDATE argument_members SET argument_id = $1, pinned = true WHERE argument_id = $2', [
          arg.id,
          other.id,
        ]);
        await tx.query('DELETE FROM arguments WHERE id = $1', [other.id]);
        return { ok: true, argument: arg.id };
      }
      case 'split': {
        const members = await tx.query<{ passage_id: string }>(
          'SELECT passage_id FROM argument_members WHERE argument_id = $1 ORDER BY passage_id',
          [arg.id],
        );
        const moving = [...new Set(edit.passages)].sort();
        const ids = new Set(members.map((m) => m.passage_id));
        if (moving.length === 0 || moving.some((p) => !ids.has(p)) || moving.length === ids.size)
          return { ok: false, reason: 'invalid', detail: 'choose some, not all, of the argument’s passages' };
        await freeze(arg.id);
        const id = stableId('arg', 'split', arg.id, ...moving);
        await tx.query(
          `INSERT INTO arguments (id, pipeline_id, subject, label, reviewer_label, representative, reviewed, reviewed_by,
                                  reviewed_at)
           VALUES ($1, $2, $3, $4, $5, $6, true, $7, now())`,
          [id, pipelineId, arg.subject, edit.label ?? `${arg.label} (abgeteilt)`, edit.label, moving[0]!, username],
        );
        for (const p of moving)
          await tx.query('UPDATE argument_members SET argument_id = $2 WHERE argument_id = $1 AND passage_id = $3', [
            arg.id,
            id,
            p,
          ]);
        if (arg.representative !== null && moving.includes(arg.representative)) {
          const rest = members.map((m) => m.passage_id).find((p) => !moving.includes(p))!;
          await tx.query('UPDATE arguments SET representative = $2, representative_pinned = false WHERE id = $1', [
            arg.id,
            rest,
          ]);
        }
        return { ok: true, argument: id };
      }
    }
  });
}

async function memberOf(q: Queryable, pipelineId: string, subject: string, passageId: string) {
  const [row] = await q.query<{ argument_id: string | null }>(
    'SELECT argument_id FROM argument_members WHERE pipeline_id = $1 AND subject = $2 AND passage_id = $3',
    [pipelineId, subject, passageId],
  );
  return row ?? null;
}
