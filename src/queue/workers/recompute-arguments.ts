import type { Pipeline } from '../../config/pipeline.ts';
import { sha256Hex } from '../../core/ids.ts';
import { buildArgumentSpace, groupArguments, type ArgumentSpace } from '../../arguments/group-arguments.ts';
import type { ArgumentPassage, SubjectReview } from '../../core/argument-types.ts';
import type { Db } from '../../store/db.ts';
import { listArgumentPassages } from '../../store/argument-passages.ts';
import { loadArgumentFingerprints, loadSubjectReviews, saveSubjectArguments } from '../../store/arguments.ts';
import { argumentGroupingOptions } from '../../training/argument-options.ts';

/** The last argument space per pipeline, with the texts it was built from. */
const spaces = new Map<string, { textKey: string; space: ArgumentSpace }>();

export interface RecomputeReport {
  passages: number;
  subjects: number;
  /** Subjects whose passages, texts or reviewer decisions changed since their grouping was stored. */
  recomputed: string[];
}

/**
 * Groups the pipeline's statement passages into arguments per item and topic and stores them, incrementally: a
 * subject is recomputed only when its fingerprint (its passages, their texts, the reviewers' decisions on it)
 * changed. The grouping is deterministic, so a second run on the same data writes the same rows.
 */
export async function recomputeArguments(
  db: Db,
  pipeline: Pick<Pipeline, 'id' | 'dir' | 'taxonomy'>,
): Promise<RecomputeReport> {
  const [options, passages, reviews, stored] = await Promise.all([
    argumentGroupingOptions(pipeline),
    listArgumentPassages(db, pipeline.id),
    loadSubjectReviews(db, pipeline.id),
    loadArgumentFingerprints(db, pipeline.id),
  ]);
  const order = [...pipeline.taxonomy.items.map((i) => i.id), ...pipeline.taxonomy.topics.map((t) => t.id)];
  const present = new Set(passages.flatMap((p) => p.subjects));
  // A subject that lost all its passages is recomputed once more, to empty.
  const subjects = [...order.filter((s) => present.has(s)), ...[...stored.keys()].filter((s) => !present.has(s))];
  const fingerprints = new Map(subjects.map((s) => [s, fingerprintOf(s, passages, reviews.get(s))]));
  const changed = subjects.filter((s) => stored.get(s) !== fingerprints.get(s));
  if (changed.length > 0) {
    // The space depends on the texts only: after a tag change the last one is still right (per process).
    const textKey = sha256Hex(JSON.stringify(passages.map((p) => [p.id, sha256Hex(p.text)]).sort()));
    let cached = spaces.get(pipeline.id);
    if (cached?.textKey !== textKey) {
      cached = { textKey, space: buildArgumentSpace(passages, options) };
      spaces.set(pipeline.id, cached);
    }
    const groupings = groupArguments(passages, { ...options, subjects: changed, reviews }, cached.space);
    await db.transaction(async (tx) => {
      for (const g of groupings) await saveSubjectArguments(tx, pipeline.id, g, fingerprints.get(g.subject)!);
    });
  }
  return { passages: passages.length, subjects: subjects.length, recomputed: changed };
}

function fingerprintOf(subject: string, passages: readonly ArgumentPassage[], review: SubjectReview | undefined) {
  const members = passages
    .filter((p) => p.subjects.includes(subject))
    .map((p) => `${p.id}\u0000${sha256Hex(p.text)}`)
    .sort();
  return sha256Hex(JSON.stringify([members, review ?? null]));
}
