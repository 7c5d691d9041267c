import { sha256Hex, stableId } from '../core/ids.ts';
import type { Db } from './db.ts';
import type { ReviewPassage } from './review-passages.ts';

export type SplitResult =
  { ok: true; ids: [string, string] } | { ok: false; reason: 'not_found' | 'bad_offset' | 'not_adjacent' | 'conflict' };

/** The passage fields a split or merge reads, with the review version it checks. */
type Row = Pick<
  ReviewPassage,
  'id' | 'message_id' | 'document_id' | 'seq' | 'page' | 'char_start' | 'char_end' | 'text' | 'heading' | 'boilerplate'
> & { version: number };

const SELECT = `SELECT p.id, p.message_id, p.document_id, p.seq, p.page, p.char_start, p.char_end, p.text, p.heading,
  p.boilerplate, coalesce(r.version, 0) AS version
  FROM passages p LEFT JOIN passage_reviews r ON r.passage_id = p.id WHERE p.id = $1 FOR UPDATE OF p`;

const partId = (documentId: string, text: string, start: number) =>
  stableId('psg', documentId, sha256Hex(text), 'part', start);

/**
 * Replaces passages by new ones covering the same document span: the offsets stay those of the extracted text,
 * the machine's tags are copied to every part (as a suggestion) and the reviewer's are not — the parts are reviewed
 * again. Later passages of the document shift their sequence numbers so reading order holds.
 */
async function replaceSpan(
  db: Db,
  old: readonly Row[],
  parts: readonly { text: string; start: number; end: number }[],
  username: string,
  kind: 'split' | 'merge',
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const first = old[0] as Row;
    const shift = parts.length - old.length;
    if (shift !== 0)
      await tx.query(`UPDATE passages SET seq = seq + $3 WHERE document_id = $1 AND seq > $2`, [
        first.document_id,
        Math.max(...old.map((o) => o.seq)),
        shift,
      ]);
    const ids: string[] = [];
    for (const [k, part] of parts.entries()) {
      const id = partId(first.document_id, part.text, part.start);
      ids.push(id);
      await tx.query(
        `INSERT INTO passages (id, message_id, document_id, seq, page, char_start, char_end, text, heading, boilerplate, needs_review)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true)`,
        [
          id,
          first.message_id,
          first.document_id,
          first.seq + k,
          first.page,
          part.start,
          part.end,
          part.text,
          first.heading,
          first.boilerplate,
        ],
      );
      await tx.query(
        `INSERT INTO tags (passage_id, dimension, label, source, confidence, reason, model_version)
         SELECT DISTINCT ON (dimension, label, source) $1, dimension, label, source, confidence, reason || ' (vor ${kind === 'split' ? 'Teilung' : 'Zusammenführung'})', model_version
         FROM tags WHERE passage_id = ANY($2::text[]) AND source <> 'reviewer'
         ORDER BY dimension, label, source, confidence DESC`,
        [id, `{${old.map((o) => `"${o.id}"`).join(',')}}`],
      );
    }
    for (const o of old) {
      await tx.query(
        `INSERT INTO tag_audit (passage_id, username, dimension, before, after, version) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)`,
        [o.id, username, kind, JSON.stringify(old.map((x) => x.id)), JSON.stringify(ids), o.version + 1],
      );
      await tx.query('DELETE FROM passages WHERE id = $1', [o.id]);
    }
    return ids;
  });
}

/** Splits a passage at a character offset inside its text (whitespace at the cut is trimmed from both parts). */
export async function splitPassage(
  db: Db,
  passageId: string,
  at: number,
  version: number,
  username: string,
): Promise<SplitResult> {
  const [p] = await db.query<Row>(SELECT.replace(' FOR UPDATE OF p', ''), [passageId]);
  if (!p) return { ok: false, reason: 'not_found' };
  if (p.version !== version) return { ok: false, reason: 'conflict' };
  const left = p.text.slice(0, at).trimEnd();
  const rightRaw = p.text.slice(at);
  const right = rightRaw.trimStart();
  if (at <= 0 || at >= p.text.length || !left || !right) return { ok: false, reason: 'bad_offset' };
  // Offsets into the document's text: the passage text is a slice of it when the lengths agree.
  const exact = p.char_end - p.char_start === p.text.length;
  const rightStart = exact ? p.char_start + at + (rightRaw.length - right.length) : p.char_start;
  const ids = await replaceSpan(
    db,
    [p],
    [
      { text: left, start: p.char_start, end: exact ? p.char_start + left.length : p.char_end },
      { text: right, start: rightStart, end: p.char_end },
    ],
    username,
    'split',
  );
  return { ok: true, ids: [ids[0] ?? '', ids[1] ?? ''] };
}

/** Merges a passage with the next one of the same document; the text between them comes from the document. */
export async function mergeWithNext(
  db: Db,
  passageId: string,
  version: number,
  username: string,
): Promise<SplitResult> {
  const [p] = await db.query<Row>(SELECT.replace(' FOR UPDATE OF p', ''), [passageId]);
  if (!p) return { ok: false, reason: 'not_found' };
  if (p.version !== version) return { ok: false, reason: 'conflict' };
  const [next] = await db.query<Row>(
    `SELECT p.id, p.message_id, p.document_id, p.seq, p.page, p.char_start, p.char_end, p.text, p.heading, p.boilerplate,
            coalesce(r.version, 0) AS version
     FROM passages p LEFT JOIN passage_reviews r ON r.passage_id = p.id
     WHERE p.document_id = $1 AND p.seq > $2 AND p.superseded_at IS NULL ORDER BY p.seq LIMIT 1`,
    [p.document_id, p.seq],
  );
  if (!next) return { ok: false, reason: 'not_adjacent' };
  const [doc] = await db.query<{ text: string | null }>('SELECT text FROM documents WHERE id = $1', [p.document_id]);
  const between = doc?.text && next.char_start >= p.char_end ? doc.text.slice(p.char_end, next.char_start) : '\n\n';
  const text = `${p.text}${between.trim() === '' ? between || ' ' : '\n\n'}${next.text}`;
  const ids = await replaceSpan(db, [p, next], [{ text, start: p.char_start, end: next.char_end }], username, 'merge');
  return { ok: true, ids: [ids[0] ?? '', ids[0] ?? ''] };
}
