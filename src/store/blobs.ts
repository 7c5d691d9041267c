import { sha256Hex } from '../core/ids.ts';
import { IntegrityError } from '../core/errors.ts';
import type { Queryable, SqlParam } from './db.ts';

/** Stores bytes under their sha256 (idempotent) and returns the hash. */
export async function putBlob(q: Queryable, bytes: Uint8Array): Promise<string> {
  const [sha256 = sha256Hex(bytes)] = await putBlobs(q, [bytes]);
  return sha256;
}

/** Stores several blobs in one statement and returns their hashes in input order. */
export async function putBlobs(q: Queryable, list: readonly Uint8Array[]): Promise<string[]> {
  const blobs = blobInsert(list, 1);
  if (blobs.sql) await q.query(blobs.sql, blobs.params);
  return blobs.hashes;
}

export interface BlobInsert {
  /** An INSERT … ON CONFLICT DO NOTHING; empty when there is nothing to store. */
  sql: string;
  params: SqlParam[];
  hashes: string[];
}

/**
 * The statement storing these blobs, numbering its parameters from `firstParam` so it can be a CTE of a larger
 * statement. Rows go in hash order: two mails sharing attachments (a circular quoted by every reply) then lock the
 * shared rows in the same order and cannot deadlock. Run it as (part of) a single statement rather than inside a
 * longer transaction: an uncommitted insert of a shared blob makes every other insert of it wait for that
 * transaction's end.
 */
export function blobInsert(list: readonly Uint8Array[], firstParam: number): BlobInsert {
  const pairs = list.map((bytes) => [sha256Hex(bytes), bytes] as const);
  const hashes = pairs.map(([sha]) => sha);
  if (pairs.length === 0) return { sql: '', params: [], hashes };
  const rows = [...new Map(pairs)].sort(([a], [b]) => (a < b ? -1 : 1));
  const params: SqlParam[] = rows.flatMap(([sha, bytes]) => [sha, bytes.byteLength, bytes]);
  const at = (i: number) => `$${firstParam + i}`;
  const values = rows.map((_, i) => `(${at(3 * i)}::text, ${at(3 * i + 1)}::int, ${at(3 * i + 2)}::bytea)`).join(', ');
  return {
    sql: `INSERT INTO blobs (sha256, size, bytes) VALUES ${values} ON CONFLICT (sha256) DO NOTHING`,
    params,
    hashes,
  };
}

export async function getBlob(q: Queryable, sha256: string): Promise<Uint8Array> {
  const rows = await q.query<{ bytes: Uint8Array }>('SELECT bytes FROM blobs WHERE sha256 = $1', [sha256]);
  const row = rows[0];
  if (!row) throw new IntegrityError('integrity.bytes_missing', `blob ${sha256} is missing`);
  return row.bytes;
}
